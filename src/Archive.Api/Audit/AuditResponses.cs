using Archive.Engine.Lineage;

namespace Archive.Api.Audit;

public sealed record OutletRef(Guid? Id, string? Name, string? Domain);

public sealed record AuditArticle(Guid ArticleId, string Url, OutletRef Publisher, DateTimeOffset? PublishedAt);

/// <summary>One republication link: who republished what, from whom, when, how, and the evidence.</summary>
public sealed record AuditRow(
    AuditArticle Republication,
    AuditArticle DerivedFrom,
    AuditArticle Origin,
    LineageKind Kind,
    double Similarity,
    double Containment,
    IReadOnlyList<LineageEvidence> Evidence,
    LineageDeclaration DeclaredBy,
    LineageReuse Reuse,
    EvidenceBasis Basis);

public sealed record OutletCount(OutletRef Publisher, int Count, IReadOnlyDictionary<string, int> Kinds);

/// <summary>What one outlet republished and from whom, and who republished it.</summary>
public sealed record PublisherAudit(OutletRef Publisher, int Republished, int RepublishedByOthers,
    IReadOnlyList<OutletCount> RepublishedFrom, IReadOnlyList<OutletCount> RepublishedBy);

public sealed record MatrixCell(OutletRef Republisher, OutletRef Source, int Count);

/// <summary>Outlet × outlet counts: how many articles each republisher took from each source.</summary>
public sealed record AuditMatrix(IReadOnlyList<OutletRef> Publishers, IReadOnlyList<MatrixCell> Cells);

/// <summary>A key (or open local mode's <c>loopback</c>) that uploaded pages, as lineage evidence names it in <c>by</c>.</summary>
/// <param name="By">How evidence names it: <c>key:&lt;id&gt;</c> or <c>loopback</c>.</param>
/// <param name="Trusted">Whether an admin trusts the key: its uploads count as observed, not claimed.</param>
public sealed record AuditKey(string By, string? Name, bool Trusted, bool Revoked, int Uploads);
