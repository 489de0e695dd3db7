using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Archive.Engine.Warc;

/// <summary>
/// Writes WARC 1.1 records to a stream, each record its own gzip member (so any record can be read alone from its
/// offset, as CDXJ indexes and WACZ replay expect). Only one record is held in memory at a time.
/// </summary>
public sealed class WarcWriter(Stream output, bool gzip = true) : IDisposable
{
    private static readonly byte[] RecordEnd = "\r\n\r\n"u8.ToArray();
    private readonly MemoryStream _member = new();

    /// <summary>Bytes written so far: the offset the next record will start at.</summary>
    public long Position { get; private set; }

    public async ValueTask<WarcLocation> WriteAsync(WarcRecord record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        _member.SetLength(0);
        if (gzip)
        {
            // Fastest keeps a 10,000-capture export CPU-bound on the database, not on zlib; the records are HTML.
            await using var compressor = new GZipStream(_member, CompressionLevel.Fastest, leaveOpen: true);
            WriteRecord(compressor, record);
        }
        else
        {
            WriteRecord(_member, record);
        }
        var start = Position;
        await output.WriteAsync(_member.GetBuffer().AsMemory(0, (int)_member.Length), ct);
        Position += _member.Length;
        // A large record's buffer is not kept for the next, small one.
        if (_member.Capacity > 4 * 1024 * 1024)
        {
            _member.Capacity = 0;
        }
        return new WarcLocation(start, Position - start);
    }

    public void Dispose() => _member.Dispose();

    private static void WriteRecord(Stream to, WarcRecord record)
    {
        var head = new StringBuilder(512);
        head.Append(WarcFormat.Version).Append("\r\n");
        Field(head, "WARC-Type", record.Type);
        Field(head, "WARC-Record-ID", record.RecordId);
        Field(head, "WARC-Date", WarcFormat.Date(record.Date));
        if (record.TargetUri is not null)
        {
            Field(head, "WARC-Target-URI", record.TargetUri);
        }
        foreach (var (name, value) in record.Fields)
        {
            Field(head, name, value);
        }
        Field(head, "Content-Type", record.ContentType);
        Field(head, "WARC-Block-Digest", BlockDigest(record));
        // A resource record's block is its payload; an HTTP block's payload follows its head.
        if (record.HttpHead is not null || record.Type == WarcTypes.Resource)
        {
            Field(head, "WARC-Payload-Digest", WarcFormat.Sha256(SHA256.HashData(record.Body.Span)));
        }
        Field(head, "Content-Length", record.BlockLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        head.Append("\r\n");
        to.Write(Encoding.UTF8.GetBytes(head.ToString()));
        if (record.HttpHead is { } http)
        {
            to.Write(http.Span);
        }
        to.Write(record.Body.Span);
        to.Write(RecordEnd);
    }

    private static string BlockDigest(WarcRecord record)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (record.HttpHead is { } http)
        {
            hash.AppendData(http.Span);
        }
        hash.AppendData(record.Body.Span);
        return WarcFormat.Sha256(hash.GetHashAndReset());
    }

    private static void Field(StringBuilder head, string name, string value)
    {
        // A field value never carries a line break: one would end the header early and forge the fields after it.
        head.Append(name).Append(": ").Append(HttpHead.SingleLine(value)).Append("\r\n");
    }
}
