namespace Archive.Data.Entities;

/// <summary>
/// One fetch or upload, exactly as received. Never updated or deleted once written: the database refuses
/// UPDATE and DELETE on this table (see the migration's trigger).
/// </summary>
public sealed class Capture
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string RequestedUrl { get; init; }
    public required string FinalUrl { get; init; }
    /// <summary>JSON array of {url, status} hops, in order.</summary>
    public required string RedirectChain { get; init; }
    public int? HttpStatus { get; init; }
    /// <summary>JSON array of [name, value] pairs as received.</summary>
    public required string ResponseHeaders { get; init; }
    /// <summary>JSON array of [name, value] pairs of the request that got the final response, where known (WARC exports
    /// write it as a request record).</summary>
    public string? RequestHeaders { get; init; }
    public string? ContentType { get; init; }
    public string? Charset { get; init; }
    /// <summary>The raw bytes, Brotli-compressed at rest.</summary>
    public required byte[] RawCompressed { get; init; }
    public required long RawLength { get; init; }
    /// <summary>SHA-256 of the raw (uncompressed) bytes, lower-case hex.</summary>
    public required string RawSha256 { get; init; }
    public required DateTimeOffset CapturedAt { get; init; }
    public long? FetchDurationMs { get; init; }
    public required CaptureSource Source { get; init; }
    public string? SubmittedBy { get; init; }
    /// <summary>The job that produced it, for fetched captures; unique, so a job yields at most one capture.</summary>
    public Guid? JobId { get; init; }
    public required DateTimeOffset StoredAt { get; init; }
}

public enum CaptureSource
{
    Fetched,
    Uploaded,
}
