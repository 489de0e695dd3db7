using Archive.Data;
using Archive.Data.Entities;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Archive.Api.Access;

internal static class AccessExtensions
{
    /// <summary>Environment variable (or configuration key) whose value, when set, is provisioned as an admin key at start-up.</summary>
    public const string AdminKeyVariable = "ARCHIVE_ADMIN_KEY";
    public const string AdminPolicy = "admin";
    /// <summary>For POST endpoints that only read: allowed to whoever may read.</summary>
    public const string ReadPolicy = "read";
    /// <summary>Creating a key: an admin, or in open local mode the machine's own user making the first (admin) key.</summary>
    public const string FirstKeyPolicy = "first-key";

    public static IHostApplicationBuilder AddAccess(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AccessOptions>().BindConfiguration("Access");
        services.AddSingleton<KeyRegistry>();
        services.AddSingleton<IAuthorizationHandler, AccessRequirementHandler>();
        services.AddSingleton<IAuthorizationHandler, FirstKeyRequirementHandler>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(
                ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().AddRequirements(new AccessRequirement()).Build())
            .AddPolicy(AdminPolicy, p => p.RequireRole(ApiKeyRoles.Admin))
            .AddPolicy(FirstKeyPolicy, p => p.AddRequirements(new FirstKeyRequirement()))
            .AddPolicy(ReadPolicy, p => p.AddRequirements(new AccessRequirement(ReadOnly: true)));
        services.AddSingleton<RateLimitWindows>();
        services.AddRateLimiter(RateLimits.Configure);
        return builder;
    }

    public static WebApplication UseAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Provisions the ARCHIVE_ADMIN_KEY admin key and says, once, which access mode the service starts in.</summary>
    public static async Task PrepareAccessAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArchiveDbContext>();
        if (app.Configuration[AdminKeyVariable] is { Length: > 0 } secret)
        {
            if (secret.Length < ApiKeySecrets.MinLength)
            {
                throw new Extensions.StartupException($"{AdminKeyVariable} must be at least {ApiKeySecrets.MinLength} characters long.");
            }
            var hash = ApiKeySecrets.Hash(secret);
            var existing = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Hash == hash);
            if (existing is null)
            {
                db.ApiKeys.Add(new ApiKey
                {
                    Name = AdminKeyVariable, Prefix = ApiKeySecrets.Prefix(secret), Hash = hash, Role = ApiKeyRoles.Admin,
                    CreatedAt = app.Services.GetRequiredService<TimeProvider>().GetUtcNow(),
                });
                await db.SaveChangesAsync();
                app.Logger.LogInformation("Provisioned the admin key from {Variable}", AdminKeyVariable);
            }
            else if (existing.RevokedAt is not null)
            {
                app.Logger.LogWarning("The key in {Variable} was revoked (key {KeyId}); it is not provisioned again", AdminKeyVariable, existing.Id);
            }
        }
        if (!await scope.ServiceProvider.GetRequiredService<KeyRegistry>().AnyKeyAsync(db, CancellationToken.None))
        {
            app.Logger.LogWarning(
                "No API key exists: open local mode. Callers on loopback may submit without a key; others get 401. " +
                "Set {Variable} or create a key (POST /api/keys) to require keys for every write", AdminKeyVariable);
        }
    }
}
