using Archive.Engine;

namespace Archive.Api.Articles;

public sealed record ArticleResponse(
    Guid Id,
    string Url,
    Guid VersionId,
    bool IsCurrent,
    string? CanonicalUrl,
    string? Title,
    string? Byline,
    DateTimeOffset? PublishedAt,
    string? PublishedRaw,
    DateTimeOffset? ModifiedAt,
    string? Language,
    string? Description,
    PublisherRef? Publisher,
    string ContentHash,
    string Text,
    string Html,
    IReadOnlyList<string> Warnings,
    double? ExtractionConfidence,
    ArticleEvidence? Evidence,
    CaptureRef Capture,
    int VersionCount,
    Lineage.ArticleLineage? Lineage = null,
    long? Log = null);

public sealed record PublisherRef(Guid Id, string Name, string Domain);

/// <summary>A version's capture; <c>Log</c> is the index of its transparency-log entry (null until integrated).</summary>
public sealed record CaptureRef(Guid Id, DateTimeOffset CapturedAt, string FinalUrl, int? HttpStatus, string RawSha256, string Source, long? Log = null);

public sealed record VersionResponse(
    Guid VersionId,
    Guid CaptureId,
    DateTimeOffset CapturedAt,
    Data.Entities.CaptureSource Source,
    string ContentHash,
    string? Title,
    bool IsCurrent,
    bool TextChanged,
    long? Log = null);

/// <summary>An article in a list: enough to tell it apart and follow its link.</summary>
public sealed record ArticleSummary(Guid Id, string Url, string? Title, DateTimeOffset? PublishedAt, DateTimeOffset CapturedAt, string ContentHash,
    PublisherRef? Publisher = null);
