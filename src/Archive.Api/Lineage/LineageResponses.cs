using Archive.Engine.Lineage;

namespace Archive.Api.Lineage;

public sealed record ArticleRef(Guid ArticleId, string Url, string? Publisher, string? PublisherDomain, DateTimeOffset? PublishedAt);

/// <summary>The <c>lineage</c> member of the article JSON.</summary>
/// <param name="Origin">The story's first publication (this article itself when it is the origin); null when no other
/// archived article carries the story.</param>
/// <param name="DerivedFrom">The article this one was taken from; null for an origin.</param>
/// <param name="Kind">How this article reuses <paramref name="DerivedFrom"/>; <c>origin</c> for the origin. The summary of
/// <paramref name="DeclaredBy"/> and <paramref name="Reuse"/>.</param>
/// <param name="DeclaredBy">How this article declares its source: none, attribution or markup (null for the origin).</param>
/// <param name="Reuse">How it reused the source's text: verbatim, excerpt, commentary or edited (null for the origin).</param>
/// <param name="Basis">claimed when either page of the link was uploaded by an untrusted key, else observed.</param>
/// <param name="Evidence">Why, each item with its basis (observed or claimed) and the key that claimed it.</param>
public sealed record ArticleLineage(
    ArticleRef? Origin,
    ArticleRef? DerivedFrom,
    LineageKind? Kind,
    double? Similarity,
    double? Containment,
    IReadOnlyList<LineageEvidence> Evidence,
    IReadOnlyList<Republication> Republications,
    LineageDeclaration? DeclaredBy = null,
    LineageReuse? Reuse = null,
    EvidenceBasis? Basis = null);

public sealed record Republication(
    Guid ArticleId,
    string Url,
    string? Publisher,
    Guid DerivedFromId,
    LineageKind Kind,
    double Similarity,
    double Containment,
    IReadOnlyList<LineageEvidence> Evidence,
    LineageDeclaration DeclaredBy,
    LineageReuse Reuse,
    EvidenceBasis Basis);

/// <summary>GET /api/articles/{id}/lineage: the family as a tree from its origin.</summary>
public sealed record LineageTree(Guid ArticleId, ArticleRef Origin, LineageNode Root, int Members);

public sealed record LineageNode(
    ArticleRef Article,
    LineageKind Kind,
    double? Similarity,
    double? Containment,
    double? SourceCoverage,
    IReadOnlyList<LineageEvidence> Evidence,
    PassageDiff? Diff,
    IReadOnlyList<LineageNode> Republications,
    LineageDeclaration? DeclaredBy,
    LineageReuse? Reuse,
    EvidenceBasis? Basis);
