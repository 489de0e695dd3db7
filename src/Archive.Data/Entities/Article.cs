using Archive.Engine;

namespace Archive.Data.Entities;

/// <summary>One article identity (a URL); every capture of it is an <see cref="ArticleVersion"/>.</summary>
public sealed class Article
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>The URL the article is known by (the final URL of its first capture).</summary>
    public required string Url { get; init; }
    public Guid? CurrentVersionId { get; set; }
    public ArticleVersion? CurrentVersion { get; set; }
    public Guid? PublisherId { get; set; }
    public Publisher? Publisher { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public List<ArticleVersion> Versions { get; init; } = [];
}

/// <summary>A normalised URL (requested or final) that leads to an article.</summary>
public sealed class ArticleUrl
{
    public required string UrlKey { get; init; }
    public required Guid ArticleId { get; init; }
}

/// <summary>What one capture yields: clean text and HTML, metadata, hashes. Derived data: recomputable from the capture.</summary>
public sealed class ArticleVersion
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required Guid ArticleId { get; init; }
    public required Guid CaptureId { get; init; }
    public Capture? Capture { get; init; }
    public required DateTimeOffset CapturedAt { get; init; }
    public string? CanonicalUrl { get; init; }
    public string? Title { get; init; }
    public string? Byline { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public string? PublishedRaw { get; init; }
    public DateTimeOffset? ModifiedAt { get; init; }
    public string? ModifiedRaw { get; init; }
    public string? Language { get; init; }
    public string? Description { get; init; }
    public string? PublisherName { get; init; }
    public Guid? PublisherId { get; init; }
    public required string Text { get; init; }
    public required string Html { get; init; }
    /// <summary>SHA-256 of the canonical clean text, lower-case hex.</summary>
    public required string ContentHash { get; init; }
    /// <summary>Attribution lines kept apart from the text, links in the body, isBasedOn targets (a jsonb column).</summary>
    public required ArticleEvidence Evidence { get; init; }
    /// <summary>What else the page showed (captions, embeds, its site's chrome), folded, one block per line: lineage
    /// evidence of where a copy's text came from. Null for versions stored before it was kept.</summary>
    public string? PageText { get; init; }
    /// <summary>Why the clean text may not be the whole article ("no-article-text", "short-text"); empty when nothing looks wrong.</summary>
    public string[] Warnings { get; init; } = [];
    /// <summary>The cleaner's confidence in its keep/drop decisions (0.5–1), when its block scorer ran.</summary>
    public double? ExtractionConfidence { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}
