using System.Security.Claims;
using System.Text.Encodings.Web;
using Archive.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Archive.Api.Access;

/// <summary>
/// Authenticates the X-Api-Key header against the SHA-256 hashes in <c>api_keys</c>. Refusals are problem details;
/// neither they nor any log line carry the presented secret.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeySecrets.HeaderName, out var values) || string.IsNullOrEmpty(values.ToString()))
        {
            return AuthenticateResult.NoResult();
        }
        var principal = await PrincipalAsync(Context.RequestServices.GetRequiredService<ArchiveDbContext>(), values.ToString(),
            Context.RequestAborted);
        return principal is null
            ? AuthenticateResult.Fail("The API key is unknown or revoked.")
            : AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>The caller a key secret stands for, or null when it is unknown or revoked. Also used where a key arrives in
    /// a form rather than the header (the reader's submit page).</summary>
    public static async Task<ClaimsPrincipal?> PrincipalAsync(ArchiveDbContext db, string secret, CancellationToken ct)
    {
        var key = await KeyQuery.RunAsync(db, ApiKeySecrets.Hash(secret), ct);
        if (key is null)
        {
            return null;
        }
        return new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, key.Id.ToString()),
            new Claim(ClaimTypes.Name, key.Name),
            new Claim(ClaimTypes.Role, key.Role),
        ], SchemeName));
    }

    private sealed record KeyRow(Guid Id, string Name, string Role);

    // Compiled: every request with a key runs it (every upload), and EF Core's per-call query-cache lookup cost more CPU
    // than reading the row (see CompiledQuery).
    private static readonly CompiledQuery<string, KeyRow?> KeyQuery = new((db, hash, ct) =>
        db.ApiKeys.AsNoTracking().Where(k => k.Hash == hash && k.RevokedAt == null).Select(k => new KeyRow(k.Id, k.Name, k.Role))
            .SingleOrDefault());

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "An API key is required.",
            Request.Headers.ContainsKey(ApiKeySecrets.HeaderName)
                ? "The API key in X-Api-Key is unknown or revoked."
                : "Send an API key with the needed role in the X-Api-Key header.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "The API key's role does not allow this.",
            $"This key has the role '{Context.User.FindFirstValue(ClaimTypes.Role)}'; {Request.Method} {Request.Path} needs a higher one.");

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.WWWAuthenticate = SchemeName;
        }
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
