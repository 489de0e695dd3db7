using Archive.Engine.Lineage;

namespace Archive.Api.Lineage;

public sealed record ArticleRef(Guid ArticleId, string Url, string? Publisher, string? PublisherDomain, DateTimeOffset? PublishedAt);

/// <summary>The <c>lineage</c> member of the article JSON.</summary>
/// <param name="Origin">The story's first publication (this article itself when it is the origin); null when no other
/// archived article carries the story.</param>
/// <param name="DerivedFrom">The article this one was taken from; null for an origin.</param>
/// <param name="Kind">How this article reuses <paramref name="DerivedFrom"/>; "origin" for the origin.</param>
public sealed record ArticleLineage(
    ArticleRef? Origin,
    ArticleRef? DerivedFrom,
    string? Kind,
    double? Similarity,
    double? Containment,
    IReadOnlyList<LineageEvidence> Evidence,
    IReadOnlyList<Republication> Republications);

public sealed record Republication(
    Guid ArticleId,
    string Url,
    string? Publisher,
    Guid DerivedFromId,
    string Kind,
    double Similarity,
    double Containment,
    IReadOnlyList<LineageEvidence> Evidence);

/// <summary>GET /api/articles/{id}/lineage: the family as a tree from its origin.</summary>
public sealed record LineageTree(Guid ArticleId, ArticleRef Origin, LineageNode Root, int Members);

public sealed record LineageNode(
    ArticleRef Article,
    string Kind,
    double? Similarity,
    double? Containment,
    double? SourceCoverage,
    IReadOnlyList<LineageEvidence> Evidence,
    PassageDiff? Diff,
    IReadOnlyList<LineageNode> Republications);
