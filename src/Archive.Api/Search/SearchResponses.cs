using System.ComponentModel;
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

/// <summary>One page of results and how many articles match in all: counted, or for a query matching many articles
/// estimated (<see cref="TotalIsEstimate"/>). Relevance orders the newest <see cref="Ranked"/> matches (at most 200; all of
/// them for a query that names a story); null when sorted by newest.</summary>
public sealed record SearchResponse(
    string Query,
    SearchMatch Match,
    string Sort,
    int Page,
    int PageSize,
    [property: Description(SearchResponse.TotalDescription)] int Total,
    [property: Description(SearchResponse.TotalIsEstimateDescription)] bool TotalIsEstimate,
    [property: Description("How many of the newest matches were ranked by relevance (at most 200); null when sorted by newest.")] int? Ranked,
    IReadOnlyList<SearchResult> Items)
{
    public const string TotalDescription = "How many articles match: an exact count when totalIsEstimate is false, else an estimate " +
        "(two significant figures, never fewer than the matches found). Page through items, not total: an estimate may be off.";

    public const string TotalIsEstimateDescription = "True when only the newest articles were read to find this page (a query " +
        "matching more than ~2,000 articles): the items are still exactly the newest (or, by relevance, the best of the newest " +
        "200) matches, and total is the planner's estimate. False when every match was counted.";
}
