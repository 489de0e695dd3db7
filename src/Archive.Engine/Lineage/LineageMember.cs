using Archive.Engine.Extraction;

namespace Archive.Engine.Lineage;

/// <summary>One archived article version as lineage sees it: its identity, its canonical text and the metadata and
/// evidence the cleaner kept apart from the text.</summary>
public sealed record LineageMember
{
    /// <summary>The caller's stable id (the archive's article id); links refer to members by it. It breaks ties only
    /// between members of one URL, so a caller without ids of its own may derive them from the URL.</summary>
    public required Guid Id { get; init; }

    /// <summary>The page's URL identity.</summary>
    public required string Url { get; init; }

    /// <summary>The article text in <see cref="Text.CanonicalText"/> form.</summary>
    public required string CanonicalText { get; init; }

    public string? PublisherName { get; init; }
    public string? SiteName { get; init; }
    public string? Byline { get; init; }

    /// <summary>When the page says it was published. Capture time is deliberately absent: the archive often captures a
    /// copy before its original, so it says nothing about which came first.</summary>
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>When the page says it was last changed: an upper bound on its publish time, used to place a page
    /// that gives no publish time.</summary>
    public DateTimeOffset? ModifiedAt { get; init; }

    public string? CanonicalUrl { get; init; }
    public IReadOnlyList<string> IsBasedOn { get; init; } = [];
    public IReadOnlyList<Attribution> Attributions { get; init; } = [];
    public IReadOnlyList<ArticleLink> Links { get; init; } = [];

    /// <summary>What else the page showed, folded (see <see cref="Lineage.PageText"/>).</summary>
    public string PageText { get; init; } = "";

    /// <summary><see cref="SiteParagraphs.Key"/>s of this member's paragraphs that other pages of its site carry
    /// too: its site's template, not its own writing. Filled in by the caller, who knows the site's other pages.</summary>
    public IReadOnlySet<long> SiteTemplate { get; init; } = new HashSet<long>();

    /// <summary>How the page reached the archive: observed or claimed, by whom, and when the archive first saw its text.</summary>
    public Provenance Provenance { get; init; } = Provenance.Unknown;

    public string Host => Outlets.Host(Url);

    public string RegistrableDomain => Outlets.RegistrableDomain(Host);

    /// <summary>The member a processed page makes, its canonical text taken as the engine computed it.</summary>
    public static LineageMember From(Guid id, string url, ProcessedPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return From(id, url, page.CanonicalText, VersionFacts.Of(page));
    }

    /// <summary>The one mapping from a version to a member, whether the version was just processed or read back.</summary>
    public static LineageMember From(Guid id, string url, string canonicalText, VersionFacts facts, Provenance? provenance = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var evidence = facts.Evidence;
        return new LineageMember
        {
            Id = id,
            Url = url,
            CanonicalText = canonicalText,
            PublisherName = facts.PublisherName,
            SiteName = evidence?.SiteName,
            Byline = facts.Byline,
            PublishedAt = facts.PublishedAt,
            ModifiedAt = facts.ModifiedAt,
            CanonicalUrl = facts.CanonicalUrl,
            IsBasedOn = evidence?.IsBasedOn ?? [],
            // Copied: the stored evidence's lists are EF's to fill; a member holds read-only ones. Rows seeded as "{}" have none.
            Attributions = evidence?.Attributions is { } attributions ? [.. attributions] : [],
            Links = evidence?.Links is { } links ? [.. links] : [],
            PageText = facts.PageText,
            Provenance = provenance ?? Provenance.Unknown,
        };
    }
}
