using Archive.Api.Extensions;
using Archive.Data;
using Archive.Data.Entities;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Archive.Api.Access;

/// <param name="Trusted">Whether lineage counts the key's uploads as observed rather than claimed (see <see cref="TrustRequest"/>).</param>
public sealed record CreateKeyRequest(string? Name, string? Role, bool Trusted = false);

public sealed record ApiKeyResponse(Guid Id, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt,
    bool Trusted);

/// <summary>Marks a key as trusted (a newsroom's own crawler, an import from a known archive: its uploads count as the
/// archive's observations in lineage) or not (its uploads are its claims).</summary>
public sealed record TrustRequest(bool? Trusted);

internal sealed class TrustRequestValidator : AbstractValidator<TrustRequest>
{
    public TrustRequestValidator() => RuleFor(r => r.Trusted).NotNull().WithMessage("trusted (true or false) is required.");
}

/// <summary>The answer to POST /api/keys: the only time the <see cref="Secret"/> is shown (send it as X-Api-Key).</summary>
public sealed record CreatedKeyResponse(Guid Id, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, string Secret);

internal sealed class CreateKeyRequestValidator : AbstractValidator<CreateKeyRequest>
{
    public CreateKeyRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().WithMessage("name is required.").MaximumLength(200);
        RuleFor(r => r.Role).Must(ApiKeyRoles.IsValid)
            .WithMessage(r => $"role '{r.Role}' is not one of {string.Join(", ", ApiKeyRoles.All)}.");
    }
}

/// <summary>Key management, for admin keys only.</summary>
internal static class KeysApi
{
    public static RouteGroupBuilder MapKeys(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/keys").WithTags("Keys").WithValidation();
        group.MapPost("/", CreateAsync).RequireAuthorization(AccessExtensions.FirstKeyPolicy)
            .WithSummary("Create a key; the answer holds its secret, shown this once. In open local mode a caller on this machine " +
                "may create the first key, which must be an admin key and ends open local mode.");
        group.MapGet("/", ListAsync).RequireAuthorization(AccessExtensions.AdminPolicy).WithSummary("Every key, revoked ones included, without secrets.");
        group.MapDelete("/{id:guid}", RevokeAsync).RequireAuthorization(AccessExtensions.AdminPolicy)
            .WithSummary("Revoke a key; it is refused from then on.");
        group.MapPut("/{id:guid}/trust", TrustAsync).RequireAuthorization(AccessExtensions.AdminPolicy)
            .WithSummary("Trust a key's uploads as observations (or stop); the lineage of everything it uploaded is resolved again.");
        return group;
    }

    private static async Task<Results<Created<CreatedKeyResponse>, ProblemHttpResult>> CreateAsync(CreateKeyRequest request,
        HttpContext http, ArchiveDbContext db, KeyRegistry registry, TimeProvider time, CancellationToken ct)
    {
        // Without an admin, the first key is the one that will administer the rest: anything less would lock everyone out.
        if (!http.User.IsInRole(ApiKeyRoles.Admin) && request.Role != ApiKeyRoles.Admin)
        {
            return Problems.Invalid("role", "The first key, made in open local mode, must have the role admin.");
        }
        var secret = ApiKeySecrets.Generate();
        var key = new ApiKey
        {
            Name = request.Name!, Role = request.Role!, Prefix = ApiKeySecrets.Prefix(secret), Hash = ApiKeySecrets.Hash(secret),
            CreatedAt = time.GetUtcNow(), Trusted = request.Trusted,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        registry.KeyCreated();
        return TypedResults.Created($"/api/keys/{key.Id}", new CreatedKeyResponse(key.Id, key.Name, key.Role, key.Prefix, key.CreatedAt, secret));
    }

    private static async Task<Ok<List<ApiKeyResponse>>> ListAsync(ArchiveDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.ApiKeys.AsNoTracking().OrderBy(k => k.CreatedAt)
            .Select(k => new ApiKeyResponse(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt, k.RevokedAt, k.Trusted)).ToListAsync(ct));

    private static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> TrustAsync(Guid id, TrustRequest request, ArchiveDbContext db,
        Lineage.LineageService lineage, CancellationToken ct)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
        if (key is null)
        {
            return Problems.NotFound("Key", id);
        }
        if (key.Trusted != request.Trusted)
        {
            key.Trusted = request.Trusted!.Value;
            await db.SaveChangesAsync(ct);
            await lineage.RelinkUploadsOfAsync(id, ct);
        }
        return TypedResults.Ok(new ApiKeyResponse(key.Id, key.Name, key.Role, key.Prefix, key.CreatedAt, key.RevokedAt, key.Trusted));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, ArchiveDbContext db, TimeProvider time,
        CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var found = await db.ApiKeys.Where(k => k.Id == id).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, k => k.RevokedAt ?? now), ct);
        return found == 0 ? Problems.NotFound("Key", id) : TypedResults.NoContent();
    }
}
