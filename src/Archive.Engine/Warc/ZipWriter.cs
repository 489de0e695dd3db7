using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Archive.Engine.Warc;

/// <summary>
/// A ZIP writer for one pass over a forward-only stream (an HTTP response): entries are STORED — WACZ wants the WARC
/// uncompressed inside the ZIP so replay tools can read a record by its offset — sizes and CRC follow each entry in a
/// data descriptor, and ZIP64 records are added when an entry or the archive passes 4 GiB. Every write is asynchronous,
/// which the BCL's ZipArchive is not on such a stream.
/// </summary>
public sealed class ZipWriter(Stream output)
{
    private const uint Max32 = uint.MaxValue;
    private long _position;
    private readonly List<Entry> _entries = [];
    private Entry? _open;

    /// <summary>Starts an entry; write its bytes through <see cref="WriteAsync"/>, then call <see cref="EndEntryAsync"/>.</summary>
    public async Task BeginEntryAsync(string name, DateTimeOffset modified, CancellationToken ct)
    {
        if (_open is not null)
        {
            throw new InvalidOperationException("End the open entry first.");
        }
        var entry = new Entry(Encoding.UTF8.GetBytes(name), _position, DosTime(modified));
        var header = new byte[30 + entry.Name.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x04034b50);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 45);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 0x0808); // data descriptor follows; UTF-8 names
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(10), entry.DosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(26), (ushort)entry.Name.Length);
        entry.Name.CopyTo(header, 30);
        await WriteRawAsync(header, ct);
        _open = entry;
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        var entry = _open ?? throw new InvalidOperationException("No entry is open.");
        entry.Crc.Append(data.Span);
        entry.Sha256.AppendData(data.Span);
        entry.Size += data.Length;
        await WriteRawAsync(data, ct);
    }

    /// <summary>A stream view of the open entry, for writers that want a stream (a WARC writer, a JSON serialiser).</summary>
    public Stream EntryStream => new EntryWriteStream(this);

    /// <summary>Closes the open entry and returns its size and SHA-256 (for a manifest such as WACZ's datapackage.json).</summary>
    public async Task<(long Size, byte[] Sha256)> EndEntryAsync(CancellationToken ct)
    {
        var entry = _open ?? throw new InvalidOperationException("No entry is open.");
        entry.Crc32 = entry.Crc.GetCurrentHashAsUInt32();
        var large = entry.Size >= Max32;
        var descriptor = new byte[large ? 24 : 16];
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor, 0x08074b50);
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(4), entry.Crc32);
        if (large)
        {
            BinaryPrimitives.WriteInt64LittleEndian(descriptor.AsSpan(8), entry.Size);
            BinaryPrimitives.WriteInt64LittleEndian(descriptor.AsSpan(16), entry.Size);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(8), (uint)entry.Size);
            BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(12), (uint)entry.Size);
        }
        await WriteRawAsync(descriptor, ct);
        _entries.Add(entry);
        _open = null;
        return (entry.Size, entry.Sha256.GetHashAndReset());
    }

    /// <summary>Writes the central directory; the archive is complete after this.</summary>
    public async Task FinishAsync(CancellationToken ct)
    {
        var directoryStart = _position;
        foreach (var entry in _entries)
        {
            await WriteRawAsync(CentralHeader(entry), ct);
        }
        var directorySize = _position - directoryStart;
        var zip64 = _entries.Count >= 0xFFFF || directoryStart >= Max32 || directorySize >= Max32;
        if (zip64)
        {
            var record = new byte[56 + 20];
            BinaryPrimitives.WriteUInt32LittleEndian(record, 0x06064b50);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(4), 44);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(12), 45);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(14), 45);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(24), _entries.Count);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(32), _entries.Count);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(40), directorySize);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(48), directoryStart);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(56), 0x07064b50);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(64), _position);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(72), 1);
            await WriteRawAsync(record, ct);
        }
        var end = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        var count = (ushort)Math.Min(_entries.Count, 0xFFFF);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), count);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), count);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), (uint)Math.Min(directorySize, Max32));
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), (uint)Math.Min(directoryStart, Max32));
        await WriteRawAsync(end, ct);
        await output.FlushAsync(ct);
    }

    private async ValueTask WriteRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        await output.WriteAsync(bytes, ct);
        _position += bytes.Length;
    }

    private static byte[] CentralHeader(Entry entry)
    {
        var large = entry.Size >= Max32 || entry.Offset >= Max32;
        var extra = large ? 28 : 0;
        var header = new byte[46 + entry.Name.Length + extra];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x02014b50);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 45);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 45);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), 0x0808);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), entry.DosTime);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), entry.Crc32);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), large ? Max32 : (uint)entry.Size);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), large ? Max32 : (uint)entry.Size);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), (ushort)entry.Name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(30), (ushort)extra);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(42), large ? Max32 : (uint)entry.Offset);
        entry.Name.CopyTo(header, 46);
        if (large)
        {
            var z = header.AsSpan(46 + entry.Name.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(z, 0x0001);
            BinaryPrimitives.WriteUInt16LittleEndian(z[2..], 24);
            BinaryPrimitives.WriteInt64LittleEndian(z[4..], entry.Size);
            BinaryPrimitives.WriteInt64LittleEndian(z[12..], entry.Size);
            BinaryPrimitives.WriteInt64LittleEndian(z[20..], entry.Offset);
        }
        return header;
    }

    private static uint DosTime(DateTimeOffset at)
    {
        var t = at.UtcDateTime;
        var year = Math.Clamp(t.Year, 1980, 2107);
        var date = ((year - 1980) << 9) | (t.Month << 5) | t.Day;
        var time = (t.Hour << 11) | (t.Minute << 5) | (t.Second / 2);
        return (uint)((date << 16) | time);
    }

    private sealed class Entry(byte[] name, long offset, uint dosTime)
    {
        public byte[] Name { get; } = name;
        public long Offset { get; } = offset;
        public uint DosTime { get; } = dosTime;
        public Crc32 Crc { get; } = new();
        public System.Security.Cryptography.IncrementalHash Sha256 { get; } =
            System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        public long Size { get; set; }
        public uint Crc32 { get; set; }
    }

    private sealed class EntryWriteStream(ZipWriter zip) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            zip.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            zip.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) =>
            throw new NotSupportedException("ZIP entries are written asynchronously.");

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
