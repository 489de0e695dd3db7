namespace Archive.Engine.Warc;

/// <summary>
/// One WARC 1.1 record to write. <see cref="HttpHead"/> is set for <c>application/http</c> blocks (request, response):
/// the block is then the head followed by <see cref="Body"/>, and <see cref="Body"/> is the payload that
/// <c>WARC-Payload-Digest</c> covers. The writer adds <c>WARC-Block-Digest</c>, <c>WARC-Payload-Digest</c> and
/// <c>Content-Length</c> from the bytes it writes, so a digest can never disagree with its record.
/// </summary>
public sealed record WarcRecord
{
    public required string Type { get; init; }
    public required string RecordId { get; init; }
    public required DateTimeOffset Date { get; init; }
    public string? TargetUri { get; init; }
    public required string ContentType { get; init; }
    /// <summary>Further named fields in order (WARC-Concurrent-To, WARC-Refers-To, WARC-Warcinfo-ID…).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; init; } = [];
    public ReadOnlyMemory<byte>? HttpHead { get; init; }
    public ReadOnlyMemory<byte> Body { get; init; }

    public long BlockLength => (HttpHead?.Length ?? 0) + Body.Length;
}

/// <summary>Where a record landed in the file: the byte offset of its gzip member (or record) and its length.</summary>
public readonly record struct WarcLocation(long Offset, long Length);

public static class WarcTypes
{
    public const string Warcinfo = "warcinfo";
    public const string Response = "response";
    public const string Request = "request";
    public const string Metadata = "metadata";
    public const string Conversion = "conversion";
    public const string Resource = "resource";
    public const string Revisit = "revisit";
}
