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
public sealed record CaptureRef(Guid Id, DateTimeOffset CapturedAt, string FinalUrl, int? HttpStatus, string RawSha256,
    Data.Entities.CaptureSource Source, long? Log = null)
{
    /// <summary>A capture's reference, from the capture in memory (what ingest just stored).</summary>
    public static CaptureRef Of(Data.Entities.Capture capture)
    {
        ArgumentNullException.ThrowIfNull(capture);
        return Of(capture.Id, capture.CapturedAt, capture.FinalUrl, capture.HttpStatus, capture.RawSha256, capture.Source);
    }

    /// <summary>The one way a capture's fields become its reference; a query calls it with the columns it read, so the
    /// raw bytes are never loaded for it.</summary>
    public static CaptureRef Of(Guid id, DateTimeOffset capturedAt, string finalUrl, int? httpStatus, string rawSha256,
        Data.Entities.CaptureSource source) =>
        new(id, capturedAt, finalUrl, httpStatus, Engine.Text.ContentHash.Prefix + rawSha256, source);
}

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
