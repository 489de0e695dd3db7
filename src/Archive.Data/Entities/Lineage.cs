using Archive.Engine.Lineage;

namespace Archive.Data.Entities;

/// <summary>One index key of an article's current text fingerprint; candidates are articles sharing keys (btree on key).</summary>
public sealed class FingerprintKey
{
    public required long Key { get; init; }
    public required Guid ArticleId { get; init; }
}

/// <summary>
/// An article whose lineage is owed: written with each new version in the ingest transaction, removed when its lineage
/// update has run. A row left behind (the process died between the two) is picked up again by the lineage sweeper.
/// </summary>
public sealed class PendingLineage
{
    public required Guid ArticleId { get; init; }
    public required DateTimeOffset QueuedAt { get; init; }
}

/// <summary>
/// One paragraph of an article's page, indexed by its site (publisher): a paragraph several pages of a site carry is the
/// site's template. Holds the article's text paragraphs and the blocks its page showed besides, of a sentence or more.
/// </summary>
public sealed class SiteParagraph
{
    public required Guid PublisherId { get; init; }
    public required long Key { get; init; }
    public required Guid ArticleId { get; init; }
}

/// <summary>Two articles whose texts were confirmed to carry the same story (ArticleA &lt; ArticleB). Families are the
/// connected components of these pairs; lineage is resolved per family.</summary>
public sealed class StoryPair
{
    public required Guid ArticleA { get; init; }
    public required Guid ArticleB { get; init; }
    public required double Similarity { get; init; }
    public required double ContainmentOfAInB { get; init; }
    public required double ContainmentOfBInA { get; init; }
}

/// <summary>A republication: the article, the one it was taken from, the story's origin, how and why we think so.</summary>
public sealed class RepublicationLink
{
    public required Guid RepublicationId { get; init; }
    public required Guid DerivedFromId { get; init; }
    public required Guid OriginId { get; init; }
    /// <summary>The summary of <see cref="DeclaredBy"/> and <see cref="Reuse"/> older callers know.</summary>
    public required LineageKind Kind { get; init; }
    /// <summary>How the copy declares its source.</summary>
    public LineageDeclaration DeclaredBy { get; init; } = LineageDeclaration.None;
    /// <summary>How it reused the text.</summary>
    public LineageReuse Reuse { get; init; } = LineageReuse.Verbatim;
    /// <summary>observed when both pages were fetched by the archive (or uploaded by trusted keys), else claimed.</summary>
    public EvidenceBasis Basis { get; init; } = EvidenceBasis.Claimed;
    public required double Similarity { get; init; }
    /// <summary>Share of the republication's text found in the derived-from text.</summary>
    public required double Containment { get; init; }
    /// <summary>Share of the derived-from text the republication carries.</summary>
    public required double SourceCoverage { get; init; }
    /// <summary>Why we think so (a jsonb array of {type, detail, of, basis, by}).</summary>
    public required List<LineageEvidence> Evidence { get; init; }
    /// <summary>Passages added, dropped, edited and moved relative to the derived-from text (jsonb).</summary>
    public required PassageDiff Diff { get; init; }
    public required DateTimeOffset ComputedAt { get; init; }
    public Article? Republication { get; init; }
    public Article? DerivedFrom { get; init; }
    public Article? Origin { get; init; }
}
