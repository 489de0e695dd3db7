namespace Archive.Engine.Extraction;

/// <summary>What the cleaner yields for one page: the article alone, its metadata, and the evidence kept apart.</summary>
/// <param name="Text">Clean text, paragraphs separated by blank lines.</param>
/// <param name="Html">Clean semantic HTML (allow-listed elements, absolute links, no scripts or styles).</param>
/// <param name="Attributions">Attribution lines a republisher added ("Source: Military Watch"), removed from
/// <paramref name="Text"/> and kept for the lineage step.</param>
/// <param name="Links">Links found inside the article body (absolute), for attribution evidence.</param>
public sealed record ExtractedArticle(
    string Text,
    string Html,
    ArticleMetadata Metadata,
    IReadOnlyList<Attribution> Attributions,
    IReadOnlyList<ArticleLink> Links)
{
    /// <summary>The page's other text, folded, one block per line (see <see cref="Lineage.PageText"/>).</summary>
    public string PageText { get; init; } = "";

    /// <summary>Why the text may not be the whole article (<see cref="ExtractionWarnings"/>); empty when nothing looks wrong.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>How sure the block scorer was of its keep/drop decisions (0.5–1, weighted by text), when it ran.</summary>
    public double? Confidence { get; init; }
}

/// <summary>Metadata read from the markup; dates are UTC with the original string kept beside them.</summary>
public sealed record ArticleMetadata
{
    public string? Title { get; init; }
    public string? Byline { get; init; }
    public IReadOnlyList<string> Authors { get; init; } = [];
    public DateTimeOffset? PublishedAt { get; init; }
    public string? PublishedRaw { get; init; }
    public DateTimeOffset? ModifiedAt { get; init; }
    public string? ModifiedRaw { get; init; }
    public string? Language { get; init; }
    public string? CanonicalUrl { get; init; }
    public string? PublisherName { get; init; }
    public string? SiteName { get; init; }
    public string? Description { get; init; }
    /// <summary>JSON-LD <c>isBasedOn</c> / <c>isBasedOnUrl</c> targets, absolute.</summary>
    public IReadOnlyList<string> IsBasedOn { get; init; } = [];
}

/// <summary>A line naming where the text came from, e.g. "Source: Military Watch" or "Read More: Diálogo Américas – …".</summary>
/// <param name="Text">The line as the page shows it.</param>
/// <param name="Name">The outlet or domain it names, if one could be read out of it.</param>
/// <param name="Url">The link it carries, absolute, if any.</param>
/// <param name="Position">Where it stood: before or after the article text.</param>
public sealed record Attribution(string Text, string? Name, string? Url, AttributionPosition Position);

/// <summary>Written as its <see cref="EnumText"/>; versions stored before it had one hold the number, still read.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(EnumTextOrNumberJsonConverter<AttributionPosition>))]
public enum AttributionPosition
{
    Before,
    After,
}

/// <summary>A hyperlink inside the article body.</summary>
public sealed record ArticleLink(string Url, string Text);
