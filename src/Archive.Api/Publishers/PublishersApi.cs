using Archive.Api.Articles;
using Archive.Api.Extensions;
using Archive.Data;
using Archive.Data.Replicas;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Archive.Api.Publishers;

public sealed record PublisherResponse(Guid Id, string Name, string Domain, IReadOnlyList<string> Domains, int ArticleCount);

public sealed record ArticleSummary(Guid Id, string Url, string? Title, DateTimeOffset? PublishedAt, DateTimeOffset CapturedAt, string ContentHash,
    PublisherRef? Publisher = null);

public sealed record Paged<T>(int Page, int PageSize, int Total, IReadOnlyList<T> Items);

internal static class PublishersApi
{
    private const int MaxPageSize = 200;

    public static RouteGroupBuilder MapPublishers(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/publishers").WithTags("Publishers");
        group.MapGet("/", ListAsync).WithSummary("Every outlet the archive knows, paged, by name.");
        group.MapGet("/{publisher}/articles", ArticlesAsync)
            .WithSummary("An outlet's archived articles (named by id or domain), newest first, paged.");
        return group;
    }

    private static async Task<Results<Ok<Paged<PublisherResponse>>, ProblemHttpResult>> ListAsync(ArchiveReadDb read, CancellationToken ct,
        int page = 1, int pageSize = 50)
    {
        var db = read.Context;
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

    private static async Task<Results<Ok<Paged<ArticleSummary>>, ProblemHttpResult>> ArticlesAsync(string publisher,
        Audit.AuditQueries outlets, Archive.Data.Stores.ArticleListReads list, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        if (Paging.Explain(page, pageSize, MaxPageSize) is { } problem)
        {
            return problem;
        }
        if (await outlets.FindOutletAsync(publisher, ct) is not { } id)
        {
            return Problems.NotFound("Publisher", publisher);
        }
        var (total, rows) = await list.ListAsync(new Archive.Data.Stores.ArticleListFilter(id, null, null, null, page, pageSize), ct);
        return TypedResults.Ok(new Paged<ArticleSummary>(page, pageSize, total, [.. rows.Select(r => new ArticleSummary(
            r.Id, r.Url, r.Title, r.PublishedAt, r.CapturedAt, Engine.Text.ContentHash.Prefix + r.ContentHash,
            new PublisherRef(id, r.PublisherName!, r.PublisherDomain!)))]));
    }
}

internal static class Paging
{
    /// <summary>The furthest row a page may start at: (page - 1) * pageSize must fit the int a query's OFFSET takes.</summary>
    public const int MaxOffset = int.MaxValue;

    public static ProblemHttpResult? Explain(int page, int pageSize, int maxPageSize) =>
        page < 1 ? Problems.Invalid("page", $"page must be 1 or more, not {page}.")
        : pageSize is < 1 || pageSize > maxPageSize
            ? Problems.Invalid("pageSize", $"pageSize must be between 1 and {maxPageSize}, not {pageSize}.")
        : (long)(page - 1) * pageSize > MaxOffset
            ? Problems.Invalid("page", $"page {page} of {pageSize} rows starts past the last row that can be paged to.")
            : null;
}
