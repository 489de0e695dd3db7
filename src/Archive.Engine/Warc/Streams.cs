using System.Text;

namespace Archive.Engine.Warc;

/// <summary>A read buffer over a stream that hands out lines (for headers) and raw bytes (for blocks).</summary>
internal sealed class LineBuffer(Stream source)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    /// <summary>When set, every byte handed out (lines included) is added to it: a record's block digest is checked this way.</summary>
    public System.Security.Cryptography.IncrementalHash? Tap { get; set; }

    /// <summary>Reads one line without its line break (null at the end of the stream) and how many bytes it took. At most
    /// <paramref name="limit"/> bytes, and never more than <paramref name="available"/>, are read for it.</summary>
    public async Task<(string? Line, long Consumed)> ReadLineAsync(int limit, CancellationToken ct, long available = long.MaxValue)
    {
        using var line = new MemoryStream();
        while (true)
        {
            if (_start == _end && !await FillAsync(ct))
            {
                return (line.Length == 0 ? null : Decode(line), line.Length);
            }
            var window = (int)Math.Min(_end - _start, available - line.Length);
            if (window <= 0)
            {
                return (Decode(line), line.Length);
            }
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, window);
            var take = newline < 0 ? window : newline - _start;
            line.Write(_buffer, _start, take);
            Tap?.AppendData(_buffer, _start, newline >= 0 ? take + 1 : take);
            _start += take;
            if (line.Length > limit)
            {
                throw new WarcFormatException($"A header line is longer than {limit} bytes.");
            }
            if (newline >= 0)
            {
                _start++;
                return (Decode(line), line.Length + 1);
            }
        }
    }

    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken ct)
    {
        if (_start == _end)
        {
            // Large reads go straight through; small ones refill the buffer.
            if (destination.Length >= _buffer.Length)
            {
                var direct = await source.ReadAsync(destination, ct);
                Tap?.AppendData(destination.Span[..direct]);
                return direct;
            }
            if (!await FillAsync(ct))
            {
                return 0;
            }
        }
        var count = Math.Min(destination.Length, _end - _start);
        _buffer.AsMemory(_start, count).CopyTo(destination);
        Tap?.AppendData(_buffer, _start, count);
        _start += count;
        return count;
    }

    private async Task<bool> FillAsync(CancellationToken ct)
    {
        _start = 0;
        _end = await source.ReadAsync(_buffer, ct);
        return _end > 0;
    }

    private static string Decode(MemoryStream line)
    {
        var bytes = line.GetBuffer().AsSpan(0, (int)line.Length);
        if (bytes.Length > 0 && bytes[^1] == '\r')
        {
            bytes = bytes[..^1];
        }
        // Header text is UTF-8 in WARC 1.1; bytes that are not decode to U+FFFD rather than fail the file.
        return Encoding.UTF8.GetString(bytes);
    }
}

/// <summary>The plumbing of a forward-only, read-only stream: subclasses provide <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>.</summary>
public abstract class ReadOnlyStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Exactly one record's block: reads stop at Content-Length, and the rest can be skipped unread.</summary>
public sealed class WarcBlockStream : ReadOnlyStream
{
    private readonly LineBuffer _input;
    private long _remaining;

    private readonly System.Security.Cryptography.IncrementalHash? _hash;
    private readonly byte[]? _expected;

    internal WarcBlockStream(LineBuffer input, long length, string? blockDigest)
    {
        _input = input;
        Length = length;
        _remaining = length;
        if (WarcFormat.TryParseDigest(blockDigest, out var algorithm, out var expected))
        {
            _hash = System.Security.Cryptography.IncrementalHash.CreateHash(
                algorithm == "sha1" ? System.Security.Cryptography.HashAlgorithmName.SHA1 : System.Security.Cryptography.HashAlgorithmName.SHA256);
            _expected = expected;
        }
        input.Tap = _hash;
    }

    /// <summary>
    /// Reads what is left of the block and checks it against WARC-Block-Digest: true or false, or null when the record
    /// declares no digest we can check (an unknown algorithm, or none).
    /// </summary>
    public async Task<bool?> VerifyAsync(CancellationToken ct)
    {
        await SkipRestAsync(ct);
        _input.Tap = null;
        return _hash is null ? null : _hash.GetHashAndReset().AsSpan().SequenceEqual(_expected);
    }

    public override long Length { get; }

    public override long Position { get => Length - _remaining; set => throw new NotSupportedException(); }

    /// <summary>Reads one line of the block (an HTTP head line, a chunk size), without its line break.</summary>
    public async Task<string?> ReadLineAsync(int limit, CancellationToken ct)
    {
        if (_remaining == 0)
        {
            return null;
        }
        var (line, consumed) = await _input.ReadLineAsync(limit, ct, _remaining);
        _remaining -= consumed;
        return line;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining == 0)
        {
            return 0;
        }
        var read = await _input.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken);
        if (read == 0)
        {
            throw new WarcFormatException($"The file ends {_remaining} bytes before the record's Content-Length says.");
        }
        _remaining -= read;
        return read;
    }

    public async Task SkipRestAsync(CancellationToken ct)
    {
        var scratch = new byte[64 * 1024];
        while (await ReadAsync(scratch, ct) > 0)
        {
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash?.Dispose();
        }
        base.Dispose(disposing);
    }

}

/// <summary>A stream that first yields a few bytes already read (the magic number we sniffed), then the rest.</summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : ReadOnlyStream
{
    private ReadOnlyMemory<byte> _prefix = prefix;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_prefix.IsEmpty)
        {
            return await rest.ReadAsync(buffer, cancellationToken);
        }
        var count = Math.Min(buffer.Length, _prefix.Length);
        _prefix[..count].CopyTo(buffer);
        _prefix = _prefix[count..];
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rest.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>Counts the bytes read through it: how far an import has read its (possibly compressed) file.</summary>
internal sealed class CountingStream(Stream inner) : ReadOnlyStream
{
    public override long Position { get; set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Position += read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
