using Archive.Data.Entities;

namespace Archive.Api.Ingestion;

/// <summary>A page as received, fetched or uploaded, before anything is derived from it.</summary>
public sealed record RawPage
{
    public required Uri RequestedUrl { get; init; }
    public required Uri FinalUrl { get; init; }
    public IReadOnlyList<RedirectHop> Redirects { get; init; } = [];
    public int? HttpStatus { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
    /// <summary>The request that got the final response, where known (fetches, and imported WARCs with request records).</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? RequestHeaders { get; init; }
    /// <summary>The Content-Type header as received (media type and parameters).</summary>
    public string? ContentType { get; init; }
    /// <summary>The bytes as received. An upload's may be a pooled buffer (see Captures.UploadedPage): nothing keeps them past
    /// the ingest.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }
    /// <summary>The text <see cref="Body"/> is the UTF-8 encoding of, where the page arrived as text (an upload): decoding
    /// then keeps this string instead of making the same one again.</summary>
    public string? BodyText { get; init; }
    /// <summary>SHA-256 of <see cref="Body"/> (hex), where the caller has hashed it already (an upload with capturedAt looks
    /// for the same capture by it): storing it then does not hash the page again.</summary>
    public string? BodySha256 { get; init; }
    public required DateTimeOffset CapturedAt { get; init; }
    public long? FetchDurationMs { get; init; }
    public required CaptureSource Source { get; init; }
    public string? SubmittedBy { get; init; }
    public Guid? JobId { get; init; }
    /// <summary>Extract under the guard for a job whose previous worker died while working it (see ExtractionRunner).</summary>
    public bool Guarded { get; init; }
}

public sealed record RedirectHop(string Url, int Status);
