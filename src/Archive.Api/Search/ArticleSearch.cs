using System.Text.RegularExpressions;
using Archive.Api.Articles;
using Archive.Api.Audit;
using Archive.Data.Stores;
using Archive.Engine.Urls;

namespace Archive.Api.Search;

/// <summary>
/// Reads a query as an article URL, a content hash or words, and answers it from <see cref="SearchStore"/>: the one search
/// behind GET /api/search and the reader's /search page.
/// </summary>
public sealed partial class ArticleSearch(SearchStore store, AuditQueries outlets)
{
    /// <summary>The answer, or null with the outlet that named no publisher.</summary>
    public async Task<(SearchResponse? Response, string? UnknownPublisher)> SearchAsync(SearchRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = request.Q!.Trim();
        if (Uri.TryCreate(q, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            var id = await store.ArticleWithUrlKeyAsync(UrlKey.For(url), ct);
            return (await ExactAsync(request, q, SearchMatch.Url, id is { } found ? [found] : [], ct), null);
        }
        if (ContentHashPattern().Match(q) is { Success: true } hash)
        {
            var ids = await store.ArticlesWithContentHashAsync(hash.Groups[1].Value.ToLowerInvariant(), SearchStore.PageDepth, ct);
            return (await ExactAsync(request, q, SearchMatch.ContentHash, ids, ct), null);
        }
        Guid? publisherId = null;
        if (!string.IsNullOrWhiteSpace(request.Publisher) && (publisherId = await outlets.FindOutletAsync(request.Publisher, ct)) is null)
        {
            return (null, request.Publisher);
        }
        var results = await store.SearchAsync(new SearchQuery(q, publisherId, request.From, request.To,
            string.IsNullOrWhiteSpace(request.Language) ? null : request.Language, request.Order, request.Page, request.PageSize), ct);
        var relevance = request.Order == SearchOrder.Relevance;
        return (new SearchResponse(q, SearchMatch.Text, relevance ? "relevance" : "newest", request.Page, request.PageSize, results.Total,
            results.TotalIsEstimate, relevance ? Math.Min(results.Total, SearchStore.RankWindow) : null, [.. results.Hits.Select(Result)]), null);
    }

    private async Task<SearchResponse> ExactAsync(SearchRequest request, string q, SearchMatch match, List<Guid> ids, CancellationToken ct)
    {
        var page = ids.Skip((request.Page - 1) * request.PageSize).Take(request.PageSize).ToList();
        var hits = page.Count == 0 ? [] : await store.HitsAsync(page, ct);
        return new SearchResponse(q, match, "newest", request.Page, request.PageSize, ids.Count, false, null, [.. hits.Select(Result)]);
    }

    private static SearchResult Result(SearchHit hit)
    {
        var (title, titleHighlights) = Marked.Parse(hit.TitleHeadline);
        var (snippet, highlights) = Marked.Parse(hit.Snippet);
        return new SearchResult(hit.ArticleId, hit.Url, hit.Title is null ? null : title, titleHighlights, snippet, highlights,
            hit.PublisherId is { } id ? new PublisherRef(id, hit.PublisherName!, hit.PublisherDomain!) : null,
            hit.PublishedAt, hit.CapturedAt, hit.Language, Math.Round(hit.Rank, 6));
    }

    [GeneratedRegex("^(?:sha256:)?([0-9a-fA-F]{64})$")]
    private static partial Regex ContentHashPattern();
}
