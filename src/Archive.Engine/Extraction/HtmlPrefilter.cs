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

    /// <summary>The page without its skippable blocks; the page itself when nothing is cut.</summary>
    public static (string Html, IReadOnlyList<string> JsonLd) Filter(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        return Filter(html.AsMemory(), html);
    }

    /// <summary>The same over a page held in a buffer (a pooled decode): only the output is a new string.</summary>
    public static (string Html, IReadOnlyList<string> JsonLd) Filter(ReadOnlyMemory<char> html) => Filter(html, null);

    private static (string Html, IReadOnlyList<string> JsonLd) Filter(ReadOnlyMemory<char> page, string? whole)
    {
        var html = page.Span;
        // The parts kept, as (start, length); the page is copied once, into a string of exactly their size.
        List<(int Start, int Length)>? kept = null;
        List<string>? jsonLd = null;
        var known = new KnownPositions(page);
        var copied = 0;
        var position = 0;
        while ((position = IndexOf(html, '<', position)) >= 0)
        {
            var end = SkipEnd(html, position, ref jsonLd, known);
            if (end < 0)
            {
                position++;
                continue;
            }
            (kept ??= []).Add((copied, position - copied));
            copied = position = end;
        }
        if (kept is null)
        {
            return (whole ?? new string(html), jsonLd ?? (IReadOnlyList<string>)[]);
        }
        kept.Add((copied, html.Length - copied));
        var length = 0;
        foreach (var part in kept)
        {
            length += part.Length;
        }
        var output = string.Create(length, (page, kept), static (chars, state) =>
        {
            var source = state.page.Span;
            foreach (var (start, partLength) in state.kept)
            {
                source.Slice(start, partLength).CopyTo(chars);
                chars = chars[partLength..];
            }
        });
        return (output, jsonLd ?? (IReadOnlyList<string>)[]);
    }

    // string.IndexOf(value, startIndex)'s answers over a span: the position in the whole page, or -1.
    private static int IndexOf(ReadOnlySpan<char> html, char value, int from)
    {
        var at = html[from..].IndexOf(value);
        return at < 0 ? -1 : from + at;
    }

    private static int IndexOf(ReadOnlySpan<char> html, string value, int from, StringComparison comparison)
    {
        var at = html[from..].IndexOf(value, comparison);
        return at < 0 ? -1 : from + at;
    }

    // Where the skippable block starting at '<' ends, or -1 if nothing starts here.
    private static int SkipEnd(ReadOnlySpan<char> html, int start, ref List<string>? jsonLd, KnownPositions known)
    {
        var rest = html[(start + 1)..];
        if (rest.StartsWith("!--", StringComparison.Ordinal))
        {
            var close = IndexOf(html, "-->", start + 4, StringComparison.Ordinal);
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
            var tagEnd = known.TagEnd(start);
            if (tagEnd < 0)
            {
                return -1;
            }
            var close = known.Close(kind, closeTag, tagEnd);
            if (close < 0)
            {
                return -1;
            }
            if (open == "script" && html.Slice(start, tagEnd - start).Contains("ld+json", StringComparison.OrdinalIgnoreCase))
            {
                (jsonLd ??= []).Add(new string(html[(tagEnd + 1)..close]));
            }
            var closeEnd = IndexOf(html, '>', close);
            return closeEnd < 0 ? html.Length : closeEnd + 1;
        }
        return -1;
    }

    // The scan only moves forward, so a search's answer holds for every later search that starts at or before it (and
    // "none" holds for good): a page of a hundred thousand unclosed <script> tags is searched to its end once, not each time.
    // (No lambdas here: a closure per '<' was a quarter of the prefilter's allocations.)
    private sealed class KnownPositions(ReadOnlyMemory<char> html)
    {
        private readonly int[] _found = Enumerable.Repeat(int.MinValue, Blocks.Length + 1).ToArray();

        /// <summary>The first '>' at or after <paramref name="from"/>.</summary>
        public int TagEnd(int from) => Known(Blocks.Length, from, out var found) ? found
            : _found[Blocks.Length] = IndexOf(html.Span, '>', from);

        /// <summary>The first <paramref name="closeTag"/> (block <paramref name="kind"/>'s) at or after <paramref name="from"/>.</summary>
        public int Close(int kind, string closeTag, int from) => Known(kind, from, out var found) ? found
            : _found[kind] = IndexOf(html.Span, closeTag, from, StringComparison.OrdinalIgnoreCase);

        private bool Known(int kind, int from, out int found)
        {
            found = _found[kind];
            return found == -1 || found >= from;
        }
    }

    private static bool IsNameEnd(char ch) => ch is '>' or '/' or ' ' or '\t' or '\n' or '\r' or '\f';
}
