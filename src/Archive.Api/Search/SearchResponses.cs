using Archive.Api.Articles;

namespace Archive.Api.Search;

/// <summary>What a query was read as: words to find, an article URL, or a content hash.</summary>
public enum SearchMatch
{
    Text,
    Url,
    ContentHash,
}

/// <summary>A run of matched characters in a title or snippet (UTF-16 offsets, as JavaScript and .NET count).</summary>
public sealed record Highlight(int Start, int Length);

public sealed record SearchResult(
    Guid ArticleId,
    string Url,
    string? Title,
    IReadOnlyList<Highlight> TitleHighlights,
    string Snippet,
    IReadOnlyList<Highlight> Highlights,
    PublisherRef? Publisher,
    DateTimeOffset? PublishedAt,
    DateTimeOffset CapturedAt,
    string? Language,
    double Score);

/// <summary>One page of results and how many articles match in all: counted, or for a broad query (over 10,000 matches)
/// estimated (<see cref="TotalIsEstimate"/>). Relevance orders the newest <see cref="Ranked"/> matches (at most 200; all of
/// them for a query that names a story); null when sorted by newest.</summary>
public sealed record SearchResponse(
    string Query,
    SearchMatch Match,
    string Sort,
    int Page,
    int PageSize,
    int Total,
    bool TotalIsEstimate,
    int? Ranked,
    IReadOnlyList<SearchResult> Items);
