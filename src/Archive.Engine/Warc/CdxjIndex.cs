using System.Text;
using System.Text.Json;

namespace Archive.Engine.Warc;

/// <summary>
/// Collects CDXJ lines (<c>urlkey timestamp {json}</c>) and writes them sorted, as lookups by binary search need. Lines
/// are kept in memory up to <see cref="ChunkLines"/>; past that, sorted runs go to temporary files and are merged, so an
/// index of any size is written in bounded memory.
/// </summary>
public sealed class CdxjIndex : IDisposable
{
    public const int ChunkLines = 20_000;
    private readonly List<string> _lines = [];
    private readonly List<string> _runs = [];

    public int Count { get; private set; }

    /// <summary>Adds the line for a response record at <paramref name="location"/> of <paramref name="filename"/>.</summary>
    public void AddResponse(string url, DateTimeOffset date, string? mime, int? status, string payloadDigestHex, WarcLocation location,
        string filename)
    {
        var json = new StringBuilder(256).Append('{');
        Member(json, "url", url);
        if (mime is not null)
        {
            json.Append(',');
            Member(json, "mime", mime);
        }
        if (status is not null)
        {
            json.Append(',');
            Member(json, "status", status.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        json.Append(',');
        Member(json, "digest", payloadDigestHex);
        json.Append(',');
        Member(json, "length", location.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        json.Append(',');
        Member(json, "offset", location.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        json.Append(',');
        Member(json, "filename", filename);
        json.Append('}');
        Add($"{Surt.For(url)} {WarcFormat.Timestamp14(date)} {json}");
    }

    public void Add(string line)
    {
        _lines.Add(line);
        Count++;
        if (_lines.Count >= ChunkLines)
        {
            SpillRun();
        }
    }

    /// <summary>Writes every line in order (ordinal, as pywb and wabac.js compare keys), one per line.</summary>
    public async Task WriteSortedAsync(Stream output, CancellationToken ct)
    {
        _lines.Sort(StringComparer.Ordinal);
        var readers = _runs.Select(r => new StreamReader(r, Encoding.UTF8)).ToList();
        try
        {
            var heads = new PriorityQueue<(string Line, int Source), string>(StringComparer.Ordinal);
            var memory = 0;
            if (_lines.Count > 0)
            {
                heads.Enqueue((_lines[0], -1), _lines[0]);
            }
            for (var i = 0; i < readers.Count; i++)
            {
                if (await readers[i].ReadLineAsync(ct) is { } first)
                {
                    heads.Enqueue((first, i), first);
                }
            }
            var buffer = new StringBuilder(64 * 1024);
            while (heads.TryDequeue(out var head, out _))
            {
                buffer.Append(head.Line).Append('\n');
                var next = head.Source < 0
                    ? ++memory < _lines.Count ? _lines[memory] : null
                    : await readers[head.Source].ReadLineAsync(ct);
                if (next is not null)
                {
                    heads.Enqueue((next, head.Source), next);
                }
                if (buffer.Length > 60 * 1024)
                {
                    await output.WriteAsync(Encoding.UTF8.GetBytes(buffer.ToString()), ct);
                    buffer.Clear();
                }
            }
            await output.WriteAsync(Encoding.UTF8.GetBytes(buffer.ToString()), ct);
        }
        finally
        {
            readers.ForEach(r => r.Dispose());
        }
    }

    public void Dispose()
    {
        foreach (var run in _runs)
        {
            File.Delete(run);
        }
        _runs.Clear();
    }

    private void SpillRun()
    {
        _lines.Sort(StringComparer.Ordinal);
        var path = Path.GetTempFileName();
        File.WriteAllLines(path, _lines, new UTF8Encoding(false));
        _runs.Add(path);
        _lines.Clear();
    }

    private static void Member(StringBuilder json, string name, string value) =>
        json.Append('"').Append(name).Append("\":").Append(JsonSerializer.Serialize(value));
}
