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
    public required string Kind { get; init; }
    public required double Similarity { get; init; }
    /// <summary>Share of the republication's text found in the derived-from text.</summary>
    public required double Containment { get; init; }
    /// <summary>Share of the derived-from text the republication carries.</summary>
    public required double SourceCoverage { get; init; }
    /// <summary>JSON array of {type, detail}.</summary>
    public required string Evidence { get; init; }
    /// <summary>JSON: passages added, dropped, edited and moved relative to the derived-from text.</summary>
    public required string Diff { get; init; }
    public required DateTimeOffset ComputedAt { get; init; }
    public Article? Republication { get; init; }
    public Article? DerivedFrom { get; init; }
    public Article? Origin { get; init; }
}
