using Archive.Engine;

namespace Archive.Data.Entities;

/// <summary>One WARC file sent to POST /api/imports: spooled to disk, then read record by record with its progress here.</summary>
public sealed class Import
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required ImportState State { get; set; }
    public string? FileName { get; init; }
    public string? SubmittedBy { get; init; }
    /// <summary>Where the body was spooled; the file is removed when the import ends.</summary>
    public required string SpoolPath { get; init; }
    public long BytesTotal { get; set; }
    public long BytesRead { get; set; }
    public int Records { get; set; }
    public int Imported { get; set; }
    public int Duplicates { get; set; }
    public int Skipped { get; set; }
    public int Failed { get; set; }
    /// <summary>The first problems met (a jsonb array of {recordId, targetUri, reason, message}).</summary>
    public List<ImportProblem> Problems { get; set; } = [];
    public string? Error { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

public enum ImportState
{
    Queued,
    Running,
    Done,
    Failed,
}

/// <summary>A WARC record that was skipped or failed, and why.</summary>
public sealed record ImportProblem(string? RecordId, string? TargetUri, ImportProblemReason Reason, string Message);

/// <summary>Why a WARC record was skipped or failed, written as kebab-case text (<c>digest-mismatch</c>).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(EnumTextJsonConverter<ImportProblemReason>))]
public enum ImportProblemReason
{
    /// <summary>The response record holds no HTTP status line.</summary>
    NotHttp,
    /// <summary>The record's target URI is not one the archive stores.</summary>
    InvalidUrl,
    /// <summary>The record has no valid WARC-Date.</summary>
    NoDate,
    /// <summary>WARC-Block-Digest does not match the record's bytes.</summary>
    DigestMismatch,
    /// <summary>The page is over the record size limit, or its Content-Encoding cannot be undone.</summary>
    TooLarge,
    /// <summary>The page is beyond the engine's bounds: the reason a job or an upload fails with too.</summary>
    TooComplex,
}

/// <summary>A WARC record already turned into a capture: a second import of it (any file, any time) is a duplicate.</summary>
public sealed class ImportedRecord
{
    public required string RecordId { get; init; }
    public required string PayloadDigest { get; init; }
    public required Guid CaptureId { get; init; }
    public required Guid ImportId { get; init; }
    public required DateTimeOffset ImportedAt { get; init; }
}
