namespace Archive.Engine.Extraction;

/// <summary>Finds the text of <c>&lt;script type="application/ld+json"&gt;</c> blocks with plain string search.</summary>
internal static class JsonLdScanner
{
    private const string Marker = "application/ld+json";

    public static IReadOnlyList<string> Find(string html)
    {
        List<string>? found = null;
        var position = 0;
        while ((position = html.IndexOf(Marker, position, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var tagStart = html.LastIndexOf('<', position);
            var tagEnd = html.IndexOf('>', position);
            position += Marker.Length;
            if (tagStart < 0 || tagEnd < 0 || !IsScriptTag(html, tagStart, position))
            {
                continue;
            }
            var close = html.IndexOf("</script", tagEnd, StringComparison.OrdinalIgnoreCase);
            if (close < 0)
            {
                break;
            }
            (found ??= []).Add(html[(tagEnd + 1)..close]);
            position = close;
        }
        return found ?? (IReadOnlyList<string>)[];
    }

    private static bool IsScriptTag(string html, int tagStart, int markerEnd) =>
        markerEnd - tagStart < 300
        && html.AsSpan(tagStart, Math.Min(7, html.Length - tagStart)).Equals("<script", StringComparison.OrdinalIgnoreCase);
}
