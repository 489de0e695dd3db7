using System.Net;
using System.Security.Claims;
using Archive.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Archive.Api.Access;

/// <summary>
/// The default rule for every endpoint that names no policy: reads (GET, HEAD, OPTIONS) are public unless
/// Access:ReadsRequireKey, then they need a reader key; anything else is a write and needs a submitter key —
/// except in open local mode (no key exists at all), where loopback callers may write without one. A key that is sent
/// must be valid in every case. <paramref name="ReadOnly"/> marks a POST that only reads (a lookup with a body), judged as a GET.
/// </summary>
internal sealed record AccessRequirement(bool ReadOnly = false) : IAuthorizationRequirement;

internal sealed class AccessRequirementHandler(IOptionsMonitor<AccessOptions> options, KeyRegistry registry)
    : AuthorizationHandler<AccessRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement)
    {
        if (context.Resource is not HttpContext http)
        {
            return;
        }
        // A key that is sent must be valid, whatever the request would need without it: a caller who sends a wrong key
        // means to be someone, and must not be served (or, in open local mode, write) as nobody.
        if (http.Request.Headers.ContainsKey(ApiKeySecrets.HeaderName) && context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }
        if (requirement.ReadOnly || HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method))
        {
            if (!options.CurrentValue.ReadsRequireKey || HasRole(context.User, ApiKeyRoles.Reader))
            {
                context.Succeed(requirement);
            }
            return;
        }
        if (HasRole(context.User, ApiKeyRoles.Submitter) || await IsOpenLocalAsync(http))
        {
            context.Succeed(requirement);
        }
    }

    /// <summary>No key was ever made and the caller is on this machine.</summary>
    private async Task<bool> IsOpenLocalAsync(HttpContext http) =>
        IsLoopback(http) && !await registry.AnyKeyAsync(http.RequestServices.GetRequiredService<ArchiveDbContext>(), http.RequestAborted);

    /// <summary>An unknown address (null, as in-memory test servers report) is deliberately not loopback.</summary>
    public static bool IsLoopback(HttpContext http) => http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip);

    private static bool HasRole(ClaimsPrincipal user, string atLeast) => ApiKeyRoles.AtLeast(atLeast).Any(user.IsInRole);
}

/// <summary>
/// Who may create a key: an admin; or, in open local mode (no key exists yet), a caller on this machine that sends no key,
/// so the first admin key needs no restart. Creating it ends open local mode.
/// </summary>
internal sealed record FirstKeyRequirement : IAuthorizationRequirement;

internal sealed class FirstKeyRequirementHandler(KeyRegistry registry) : AuthorizationHandler<FirstKeyRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, FirstKeyRequirement requirement)
    {
        if (context.User.IsInRole(ApiKeyRoles.Admin))
        {
            context.Succeed(requirement);
            return;
        }
        if (context.Resource is HttpContext http && !http.Request.Headers.ContainsKey(ApiKeySecrets.HeaderName)
            && AccessRequirementHandler.IsLoopback(http)
            && !await registry.AnyKeyAsync(http.RequestServices.GetRequiredService<ArchiveDbContext>(), http.RequestAborted))
        {
            context.Succeed(requirement);
        }
    }
}
