using System.Globalization;
using System.Text;

namespace Archive.Engine.Warc;

/// <summary>The status (or request) line and header fields of an HTTP/1.x message inside a WARC block.</summary>
public sealed record HttpHead(string StartLine, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>Headers that describe how the bytes travelled, not the bytes we keep (stored bodies are decoded).</summary>
    private static readonly string[] TransferHeaders = ["Content-Encoding", "Transfer-Encoding", "Content-Length"];

    /// <summary>The prefix under which a transfer header travels when the body beside it is no longer so encoded.</summary>
    public const string OriginalPrefix = "X-Archive-Orig-";

    public int? Status =>
        StartLine.StartsWith("HTTP/", StringComparison.Ordinal) && StartLine.Split(' ', 3) is [_, var code, ..]
        && int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var status) ? status : null;

    public string? Get(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public IEnumerable<string> GetAll(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    /// <summary>
    /// A response head for a body stored decoded: the headers as received, except that Content-Encoding,
    /// Transfer-Encoding and Content-Length move to <see cref="OriginalPrefix"/> names and a true Content-Length is
    /// added, so any HTTP reader (replay tools included) reads the block as it is.
    /// </summary>
    public static byte[] ForStoredResponse(int status, IEnumerable<KeyValuePair<string, string>> headers, long bodyLength)
    {
        var head = new StringBuilder(1024);
        head.Append("HTTP/1.1 ").Append(status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Reason(status)).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            var moved = TransferHeaders.Any(t => t.Equals(name, StringComparison.OrdinalIgnoreCase));
            head.Append(moved ? OriginalPrefix : "").Append(SingleLine(name)).Append(": ").Append(SingleLine(value)).Append("\r\n");
        }
        head.Append("Content-Length: ").Append(bodyLength.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        return Encoding.UTF8.GetBytes(head.ToString());
    }

    public static byte[] ForRequest(string method, Uri url, IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(url);
        var head = new StringBuilder(512);
        head.Append(method).Append(' ').Append(SingleLine(url.PathAndQuery)).Append(" HTTP/1.1\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(SingleLine(name)).Append(": ").Append(SingleLine(value)).Append("\r\n");
        }
        head.Append("\r\n");
        return Encoding.UTF8.GetBytes(head.ToString());
    }

    /// <summary>Undoes <see cref="ForStoredResponse"/>'s renaming: the headers as the origin sent them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> OriginalHeaders()
    {
        if (!Headers.Any(h => h.Key.StartsWith(OriginalPrefix, StringComparison.OrdinalIgnoreCase)))
        {
            return Headers;
        }
        return [.. Headers
            .Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(h => h.Key.StartsWith(OriginalPrefix, StringComparison.OrdinalIgnoreCase)
                && TransferHeaders.Contains(h.Key[OriginalPrefix.Length..], StringComparer.OrdinalIgnoreCase)
                ? KeyValuePair.Create(h.Key[OriginalPrefix.Length..], h.Value) : h)];
    }

    /// <summary>Parses a message head (lines up to the first empty line; obsolete folded lines are joined).</summary>
    public static HttpHead Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1).TakeWhile(l => l.Length > 0))
        {
            if (line[0] is ' ' or '\t' && headers.Count > 0)
            {
                var last = headers[^1];
                headers[^1] = KeyValuePair.Create(last.Key, last.Value + " " + line.Trim());
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.Add(KeyValuePair.Create(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }
        return new HttpHead(lines.Count > 0 ? lines[0].Trim() : "", headers);
    }

    internal static string SingleLine(string value) =>
        value.Contains('\r', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal)
            ? value.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal)
            : value;

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        404 => "Not Found",
        410 => "Gone",
        _ => "Status",
    };
}
