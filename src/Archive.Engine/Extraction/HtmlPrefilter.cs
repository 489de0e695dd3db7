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
        var known = new KnownPositions(Blocks.Length);
        var copied = 0;
        var position = 0;
        while ((position = html.IndexOf('<', position)) >= 0)
        {
            var end = SkipEnd(html, position, ref jsonLd, known);
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
    private static int SkipEnd(string html, int start, ref List<string>? jsonLd, KnownPositions known)
    {
        var rest = html.AsSpan(start + 1);
        if (rest.StartsWith("!--", StringComparison.Ordinal))
        {
            var close = html.IndexOf("-->", start + 4, StringComparison.Ordinal);
            return close < 0 ? html.Length : close + 3;
        }
        for (var kind = 0; kind < Blocks.Length; kind++)
        {
            var (open, closeTag) = Blocks[kind];
            if (!rest.StartsWith(open, StringComparison.OrdinalIgnoreCase) || rest.Length <= open.Length
                || !IsNameEnd(rest[open.Length]))
            {
                continue;
            }
            var tagEnd = known.Next(Blocks.Length, start, from => html.IndexOf('>', from));
            if (tagEnd < 0)
            {
                return -1;
            }
            var close = known.Next(kind, tagEnd, from => html.IndexOf(closeTag, from, StringComparison.OrdinalIgnoreCase));
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

    // The scan only moves forward, so a search's answer holds for every later search that starts at or before it (and
    // "none" holds for good): a page of a hundred thousand unclosed <script> tags is searched to its end once, not each time.
    private sealed class KnownPositions(int kinds)
    {
        private readonly int[] _found = Enumerable.Repeat(int.MinValue, kinds + 1).ToArray();

        public int Next(int kind, int from, Func<int, int> search)
        {
            var found = _found[kind];
            if (found == -1 || found >= from)
            {
                return found;
            }
            return _found[kind] = search(from);
        }
    }

    private static bool IsNameEnd(char ch) => ch is '>' or '/' or ' ' or '\t' or '\n' or '\r' or '\f';
}
