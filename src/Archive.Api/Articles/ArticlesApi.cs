using Archive.Api.Audit;
using Archive.Api.Extensions;
using Archive.Data.Stores;
using Archive.Api.Lineage;
using Archive.Data;
using Archive.Data.Replicas;
using Archive.Engine.Text;
using Archive.Engine.Urls;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Archive.Api.Articles;

internal static class ArticlesApi
{
    public static RouteGroupBuilder MapArticles(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/articles").WithTags("Articles").WithValidation().WithETag();

        group.MapGet("/", ListAsync)
            .WithSummary("With ?url=, the article archived under that URL (requested or final); otherwise articles, newest first, " +
                "paged, filtered by publisher (id or domain), from/to and contentHash.");
        group.MapGet("/{id:guid}", GetAsync).CacheOutput(ArticleCache.PolicyName).WithSummary("An article's clean version (the current one, or ?version=) with its provenance.");
        group.MapGet("/{id:guid}/versions", GetVersionsAsync).CacheOutput(ArticleCache.PolicyName).WithSummary("Every captured version of an article, newest first.");
        group.MapGet("/{id:guid}/text", GetTextAsync).CacheOutput(ArticleCache.PolicyName).WithSummary("An article's clean text as text/plain.");
        group.MapGet("/{id:guid}/lineage", GetLineageAsync).CacheOutput(ArticleCache.PolicyName)
            .WithSummary("The article's whole family as a tree from its origin, with each republication's diff against its parent.");
        return group;
    }

    private static async Task<Results<Ok<ArticleResponse>, Ok<Paged<ArticleSummary>>, ProblemHttpResult>> ListAsync(
        [AsParameters] ArticleListRequest request, ArchiveReadDb read, ArticleReader reader, ArticleListReads list, AuditQueries outlets,
        CancellationToken ct)
    {
        if (request.Url is { } url)
        {
            var key = UrlKey.For(new Uri(url));
            var articleId = await read.Context.ArticleUrls.Where(u => u.UrlKey == key).Select(u => (Guid?)u.ArticleId).SingleOrDefaultAsync(ct);
            var article = articleId is { } id ? await reader.ReadAsync(id, null, ct) : null;
            return article is null ? Problems.NotFound("Article", url) : TypedResults.Ok(article);
        }
        Guid? publisherId = null;
        if (request.Publisher is { } publisher && (publisherId = await outlets.FindOutletAsync(publisher, ct)) is null)
        {
            return Problems.NotFound("Publisher", publisher);
        }
        var (total, rows) = await list.ListAsync(new ArticleListFilter(publisherId, request.From, request.To, request.ContentHashHex,
            request.Page, request.PageSize), ct);
        return TypedResults.Ok(Paging.Of<ArticleSummary>(request, total, [.. rows.Select(r => new ArticleSummary(
            r.Id, r.Url, r.Title, r.PublishedAt, r.CapturedAt, ContentHash.Prefix + r.ContentHash,
            r.PublisherId is { } p ? new PublisherRef(p, r.PublisherName!, r.PublisherDomain!) : null))]));
    }

    private static async Task<Results<Ok<ArticleResponse>, ProblemHttpResult>> GetAsync(Guid id, Guid? version, ArticleReader reader,
        CancellationToken ct)
    {
        var article = await reader.ReadAsync(id, version, ct);
        return article is null ? Problems.NotFound(version is null ? "Article" : "Article version", version ?? id) : TypedResults.Ok(article);
    }

    private static async Task<Results<Ok<List<VersionResponse>>, ProblemHttpResult>> GetVersionsAsync(Guid id, ArchiveReadDb read,
        CancellationToken ct)
    {
        var db = read.Context;
        var currentId = await db.Articles.Where(a => a.Id == id).Select(a => new { a.CurrentVersionId }).SingleOrDefaultAsync(ct);
        if (currentId is null)
        {
            return Problems.NotFound("Article", id);
        }
        var versions = await db.ArticleVersions.AsNoTracking().Where(v => v.ArticleId == id)
            .OrderBy(v => v.CapturedAt).ThenBy(v => v.Id)
            .Select(v => new
            {
                v.Id, v.CaptureId, v.CapturedAt, v.Capture!.Source, v.ContentHash, v.Title,
                Log = db.LogEntries.Where(e => e.CaptureId == v.CaptureId).Select(e => (long?)e.Index).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var result = versions.Select((v, i) => new VersionResponse(v.Id, v.CaptureId, v.CapturedAt, v.Source,
                ContentHash.Prefix + v.ContentHash, v.Title, v.Id == currentId.CurrentVersionId,
                i > 0 && versions[i - 1].ContentHash != v.ContentHash, v.Log))
            .Reverse()
            .ToList();
        return TypedResults.Ok(result);
    }

    private static async Task<Results<Ok<LineageTree>, ProblemHttpResult>> GetLineageAsync(Guid id, LineageReader lineage, CancellationToken ct)
    {
        var tree = await lineage.TreeAsync(id, withDiffs: true, ct);
        return tree is null ? Problems.NotFound("Article", id) : TypedResults.Ok(tree);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetTextAsync(Guid id, Guid? version, ArchiveReadDb read,
        CancellationToken ct)
    {
        var db = read.Context;
        // The text alone: no need to build the whole article JSON (publisher, capture, lineage) to answer this.
        var wanted = version ?? await db.Articles.Where(a => a.Id == id).Select(a => a.CurrentVersionId).SingleOrDefaultAsync(ct);
        var text = wanted is null ? null
            : await db.ArticleVersions.Where(v => v.Id == wanted && v.ArticleId == id).Select(v => v.Text).SingleOrDefaultAsync(ct);
        return text is null ? Problems.NotFound(version is null ? "Article" : "Article version", version ?? id)
            : TypedResults.Text(text, "text/plain; charset=utf-8");
    }
}
