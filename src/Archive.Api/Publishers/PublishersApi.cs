using Archive.Api.Articles;
using Archive.Api.Extensions;
using Archive.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Archive.Api.Publishers;

public sealed record PublisherResponse(Guid Id, string Name, string Domain, IReadOnlyList<string> Domains, int ArticleCount);

public sealed record ArticleSummary(Guid Id, string Url, string? Title, DateTimeOffset? PublishedAt, DateTimeOffset CapturedAt, string ContentHash);

public sealed record Paged<T>(int Page, int PageSize, int Total, IReadOnlyList<T> Items);

internal static class PublishersApi
{
    private const int MaxPageSize = 200;

    public static RouteGroupBuilder MapPublishers(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/publishers").WithTags("Publishers");
        group.MapGet("/", ListAsync).WithSummary("Every outlet the archive knows, paged, by name.");
        group.MapGet("/{id:guid}/articles", ArticlesAsync).WithSummary("An outlet's archived articles, newest capture first, paged.");
        return group;
    }

    private static async Task<Results<Ok<Paged<PublisherResponse>>, ProblemHttpResult>> ListAsync(ArchiveDbContext db, CancellationToken ct,
        int page = 1, int pageSize = 50)
    {
        if (Paging.Explain(page, pageSize, MaxPageSize) is { } problem)
        {
            return problem;
        }
        var total = await db.Publishers.CountAsync(ct);
        var items = await db.Publishers.AsNoTracking().OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(p => new PublisherResponse(p.Id, p.Name, p.PrimaryDomain, p.Domains.Select(d => d.Domain).ToList(),
                db.Articles.Count(a => a.PublisherId == p.Id)))
            .ToListAsync(ct);
        return TypedResults.Ok(new Paged<PublisherResponse>(page, pageSize, total, items));
    }

    private static async Task<Results<Ok<Paged<ArticleSummary>>, ProblemHttpResult>> ArticlesAsync(Guid id, ArchiveDbContext db,
        CancellationToken ct, int page = 1, int pageSize = 50)
    {
        if (Paging.Explain(page, pageSize, MaxPageSize) is { } problem)
        {
            return problem;
        }
        if (!await db.Publishers.AnyAsync(p => p.Id == id, ct))
        {
            return Problems.NotFound("Publisher", id);
        }
        var articles = db.Articles.AsNoTracking().Where(a => a.PublisherId == id && a.CurrentVersion != null);
        var total = await articles.CountAsync(ct);
        var items = await articles.OrderByDescending(a => a.CurrentVersion!.CapturedAt).ThenBy(a => a.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(a => new ArticleSummary(a.Id, a.Url, a.CurrentVersion!.Title, a.CurrentVersion.PublishedAt, a.CurrentVersion.CapturedAt,
                "sha256:" + a.CurrentVersion.ContentHash))
            .ToListAsync(ct);
        return TypedResults.Ok(new Paged<ArticleSummary>(page, pageSize, total, items));
    }
}

internal static class Paging
{
    /// <summary>The furthest row a page may start at: (page - 1) * pageSize must fit the int a query's OFFSET takes.</summary>
    public const int MaxOffset = int.MaxValue;

    public static ProblemHttpResult? Explain(int page, int pageSize, int maxPageSize) =>
        page < 1 ? Problems.BadRequest("Invalid page.", $"page must be 1 or more, not {page}.")
        : pageSize is < 1 || pageSize > maxPageSize
            ? Problems.BadRequest("Invalid pageSize.", $"pageSize must be between 1 and {maxPageSize}, not {pageSize}.")
        : (long)(page - 1) * pageSize > MaxOffset
            ? Problems.BadRequest("Invalid page.", $"page {page} of {pageSize} rows starts past the last row that can be paged to.")
            : null;
}
