namespace Archive.Engine.Warc;

/// <summary>
/// The SURT form of a URL that CDXJ indexes sort and look up by: host labels reversed and comma-joined, a leading
/// <c>www</c> dropped, lower case, query arguments sorted — the same key webrecorder's warcio and wabac.js compute, so
/// replay tools find our records under the keys they expect.
/// </summary>
public static class Surt
{
    public static string For(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.StartsWith("http:", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("https:", StringComparison.OrdinalIgnoreCase))
        {
            return url;
        }
        if (!Uri.TryCreate(url.ToLowerInvariant(), UriKind.Absolute, out var uri))
        {
            return url;
        }
        var labels = uri.IdnHost.Split('.');
        Array.Reverse(labels);
        if (labels.Length > 1 && IsWww(labels[^1]))
        {
            labels = labels[..^1];
        }
        var key = string.Join(',', labels) + (uri.IsDefaultPort ? "" : ":" + uri.Port) + ")" + uri.AbsolutePath;
        if (uri.Query.Length > 1)
        {
            var args = uri.Query[1..].Split('&');
            Array.Sort(args, StringComparer.Ordinal);
            key += "?" + string.Join('&', args);
        }
        return key;
    }

    private static bool IsWww(string label) => label.StartsWith("www", StringComparison.Ordinal) && label[3..].All(char.IsAsciiDigit);
}
