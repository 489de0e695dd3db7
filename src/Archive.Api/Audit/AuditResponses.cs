using Archive.Engine.Lineage;

namespace Archive.Api.Audit;

public sealed record OutletRef(Guid? Id, string? Name, string? Domain);

public sealed record AuditArticle(Guid ArticleId, string Url, OutletRef Publisher, DateTimeOffset? PublishedAt);

/// <summary>One republication link: who republished what, from whom, when, how, and the evidence.</summary>
public sealed record AuditRow(
    AuditArticle Republication,
    AuditArticle DerivedFrom,
    AuditArticle Origin,
    string Kind,
    double Similarity,
    double Containment,
    IReadOnlyList<LineageEvidence> Evidence);

public sealed record OutletCount(OutletRef Publisher, int Count, IReadOnlyDictionary<string, int> Kinds);

/// <summary>What one outlet republished and from whom, and who republished it.</summary>
public sealed record PublisherAudit(OutletRef Publisher, int Republished, int RepublishedByOthers,
    IReadOnlyList<OutletCount> RepublishedFrom, IReadOnlyList<OutletCount> RepublishedBy);

public sealed record MatrixCell(OutletRef Republisher, OutletRef Source, int Count);

/// <summary>Outlet × outlet counts: how many articles each republisher took from each source.</summary>
public sealed record AuditMatrix(IReadOnlyList<OutletRef> Publishers, IReadOnlyList<MatrixCell> Cells);
