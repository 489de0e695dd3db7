using System.Text;

namespace Archive.Engine.Extraction;

/// <summary>
/// Cuts scripts, styles, inline SVG, templates and comments out of the source before parsing, keeping the
/// text of JSON-LD scripts for the metadata stage. On typical news pages these blocks are well over half of the
/// characters, and skipping them with a vectorised search is far cheaper than running the HTML tokenizer over them.
/// </summary>
internal static class HtmlPrefilter
{
    private static readonly (string Open, string Close)[] Blocks =
    [
        ("script", "</script"),
        ("style", "</style"),
        ("svg", "</svg"),
        ("template", "</template"),
    ];

    public static (string Html, IReadOnlyList<string> JsonLd) Filter(string html)
    {
        StringBuilder? output = null;
        List<string>? jsonLd = null;
        var copied = 0;
        var position = 0;
        while ((position = html.IndexOf('<', position)) >= 0)
        {
            var end = SkipEnd(html, position, ref jsonLd);
            if (end < 0)
            {
                position++;
                continue;
            }
            output ??= new StringBuilder(html.Length);
            output.Append(html, copied, position - copied);
            copied = position = end;
        }
        if (output is null)
        {
            return (html, jsonLd ?? (IReadOnlyList<string>)[]);
        }
        output.Append(html, copied, html.Length - copied);
        return (output.ToString(), jsonLd ?? (IReadOnlyList<string>)[]);
    }

    // Where the skippable block starting at '<' ends, or -1 if nothing starts here.
    private static int SkipEnd(string html, int start, ref List<string>? jsonLd)
    {
        var rest = html.AsSpan(start + 1);
        if (rest.StartsWith("!--", StringComparison.Ordinal))
        {
            var close = html.IndexOf("-->", start + 4, StringComparison.Ordinal);
            return close < 0 ? html.Length : close + 3;
        }
        foreach (var (open, closeTag) in Blocks)
        {
            if (!rest.StartsWith(open, StringComparison.OrdinalIgnoreCase) || rest.Length <= open.Length
                || !IsNameEnd(rest[open.Length]))
            {
                continue;
            }
            var tagEnd = html.IndexOf('>', start);
            if (tagEnd < 0)
            {
                return -1;
            }
            var close = html.IndexOf(closeTag, tagEnd, StringComparison.OrdinalIgnoreCase);
            if (close < 0)
            {
                return -1;
            }
            if (open == "script" && html.AsSpan(start, tagEnd - start).Contains("ld+json", StringComparison.OrdinalIgnoreCase))
            {
                (jsonLd ??= []).Add(html[(tagEnd + 1)..close]);
            }
            var closeEnd = html.IndexOf('>', close);
            return closeEnd < 0 ? html.Length : closeEnd + 1;
        }
        return -1;
    }

    private static bool IsNameEnd(char ch) => ch is '>' or '/' or ' ' or '\t' or '\n' or '\r' or '\f';
}
