using System.Globalization;
using System.IO.Compression;

namespace Archive.Engine.Warc;

/// <summary>
/// Reads WARC records one after another from a <c>.warc</c> or <c>.warc.gz</c> stream (detected from its first bytes;
/// gzip may be one member per record or one for the whole file). Nothing is buffered beyond one header: each record's
/// block is a stream the caller reads, or leaves, before asking for the next record.
/// </summary>
public sealed class WarcReader : IAsyncDisposable
{
    /// <summary>A WARC or HTTP header larger than this is refused rather than read into memory.</summary>
    public const int MaxHeaderBytes = 256 * 1024;

    private readonly CountingStream _source;
    private readonly Stream _decoded;
    private readonly LineBuffer _input;
    private WarcBlockStream? _current;

    private WarcReader(CountingStream source, Stream decoded)
    {
        _source = source;
        _decoded = decoded;
        _input = new LineBuffer(decoded);
    }

    /// <summary>Bytes consumed from the underlying (possibly compressed) stream, for progress.</summary>
    public long SourcePosition => _source.Position;

    public static async Task<WarcReader> OpenAsync(Stream input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var counting = new CountingStream(input);
        var magic = new byte[2];
        var read = 0;
        while (read < 2 && await counting.ReadAsync(magic.AsMemory(read), ct) is var n and > 0)
        {
            read += n;
        }
        var prefixed = new PrefixedStream(magic.AsMemory(0, read), counting);
        Stream decoded = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(prefixed, CompressionMode.Decompress) : prefixed;
        return new WarcReader(counting, decoded);
    }

    /// <summary>The next record's header and block, or null at the end of the file.</summary>
    public async Task<WarcEntry?> NextAsync(CancellationToken ct)
    {
        if (_current is not null)
        {
            await _current.SkipRestAsync(ct);
            await _current.DisposeAsync();
            _current = null;
        }
        _input.Tap = null;
        string? line;
        do
        {
            // Records end with CRLF CRLF; tolerate any number of blank lines between them.
            (line, _) = await _input.ReadLineAsync(MaxHeaderBytes, ct);
        }
        while (line is { Length: 0 });
        if (line is null)
        {
            return null;
        }
        if (!line.StartsWith("WARC/", StringComparison.Ordinal))
        {
            throw new WarcFormatException($"Expected a WARC record at this point, found '{Shorten(line)}'.");
        }
        var fields = new List<KeyValuePair<string, string>>();
        var size = line.Length;
        while ((await _input.ReadLineAsync(MaxHeaderBytes, ct)).Line is { Length: > 0 } field)
        {
            size += field.Length;
            if (size > MaxHeaderBytes)
            {
                throw new WarcFormatException($"A WARC header is longer than {MaxHeaderBytes} bytes.");
            }
            var colon = field.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                fields.Add(KeyValuePair.Create(field[..colon].Trim(), field[(colon + 1)..].Trim()));
            }
        }
        var header = new WarcHeader(line.Trim(), fields);
        if (!long.TryParse(header.Get("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            throw new WarcFormatException($"The record {header.RecordId ?? "(no id)"} has no valid Content-Length.");
        }
        _current = new WarcBlockStream(_input, length, header.Get("WARC-Block-Digest"));
        return new WarcEntry(header, _current);
    }

    public async ValueTask DisposeAsync() => await _decoded.DisposeAsync();

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;
}

/// <summary>One record as read: its named fields and its block, a stream of exactly Content-Length bytes.</summary>
public sealed record WarcEntry(WarcHeader Header, WarcBlockStream Block);

public sealed record WarcHeader(string Version, IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    public string? Get(string name) => Fields.FirstOrDefault(f => f.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public string? Type => Get("WARC-Type");

    public string? RecordId => Get("WARC-Record-ID");

    /// <summary>WARC 1.0 writers (wget among them) may wrap the URI in angle brackets.</summary>
    public string? TargetUri => Get("WARC-Target-URI")?.Trim('<', '>');

    public string? ContentType => Get("Content-Type");
}

public sealed class WarcFormatException(string message) : Exception(message);
