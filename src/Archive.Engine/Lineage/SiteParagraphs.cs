namespace Archive.Engine.Lineage;

/// <summary>
/// A site's template, learnt from its other pages: a paragraph a page shares with other pages of its site (a boilerplate
/// "About us", a footer address, a standing disclaimer the cleaner kept) is the site's furniture, neither commentary the
/// site added to a copy nor text a copy left out of its source. Paragraphs are compared by <see cref="Key"/>: their tokens,
/// so case, punctuation and spacing do not matter.
/// </summary>
public static class SiteParagraphs
{
    /// <summary>A page that shares more than this share of a page's paragraphs is another copy of it (the same article
    /// at a second address), not evidence of a template.</summary>
    public const double DuplicateShare = 0.5;

    /// <summary>Paragraphs shorter than this (a price, a button, a heading) are fragments: neither commentary nor template
    /// worth indexing.</summary>
    public const int MinTokens = 8;

    /// <summary>The stable key of one paragraph; 0 for a paragraph without tokens.</summary>
    public static long Key(string paragraph)
    {
        ArgumentNullException.ThrowIfNull(paragraph);
        var key = Shingles.WholeHash(paragraph, out var tokens);
        return tokens == 0 ? 0 : key;
    }

    /// <summary>The distinct keys of a canonical text's paragraphs of at least <see cref="MinTokens"/> tokens, ascending.</summary>
    public static long[] Keys(string canonicalText)
    {
        ArgumentNullException.ThrowIfNull(canonicalText);
        var keys = new List<long>();
        AddLongKeys(canonicalText, keys);
        return SortedKeys.Of(keys);
    }

    /// <summary>What a page contributes to its site's index: its text's paragraphs and the blocks its page showed besides
    /// (<see cref="PageText"/>), of at least <see cref="MinTokens"/> tokens. A cleaner may keep a footer on one page of a
    /// site and drop it on another, so a site's template is looked for in both.</summary>
    public static long[] IndexKeys(string canonicalText, string pageText)
    {
        ArgumentNullException.ThrowIfNull(canonicalText);
        ArgumentNullException.ThrowIfNull(pageText);
        var keys = new List<long>();
        AddLongKeys(canonicalText, keys);
        AddLongKeys(pageText, keys);
        return SortedKeys.Of(keys);
    }

    /// <summary>The keys of the paragraphs of at least <see cref="MinTokens"/> tokens: each paragraph tokenized once, for
    /// its length and its key together, where it lies in the text (every upload indexes its text and page text this way;
    /// a string per paragraph was ~40 KiB an upload, svc28).</summary>
    private static void AddLongKeys(string text, List<long> keys)
    {
        foreach (var range in text.AsSpan().Split('\n'))
        {
            var paragraph = text.AsSpan()[range];
            if (paragraph.IsEmpty)
            {
                continue;
            }
            var key = Shingles.WholeHash(paragraph, out var tokens);
            if (tokens >= MinTokens)
            {
                keys.Add(key);
            }
        }
    }

    /// <summary>Which of a page's paragraph keys its site's template holds.</summary>
    /// <param name="own">The page's paragraph keys (<see cref="Keys"/>).</param>
    /// <param name="elsewhere">Other pages of the site that hold one of those keys, as (key, page) pairs.</param>
    public static IReadOnlySet<long> Template<TPage>(IReadOnlyCollection<long> own, IEnumerable<(long Key, TPage Page)> elsewhere)
        where TPage : notnull
    {
        ArgumentNullException.ThrowIfNull(own);
        ArgumentNullException.ThrowIfNull(elsewhere);
        var mine = own.ToHashSet();
        var byPage = elsewhere.Where(e => mine.Contains(e.Key)).GroupBy(e => e.Page).ToList();
        return byPage
            .Where(page => page.Select(e => e.Key).Distinct().Count() <= mine.Count * DuplicateShare)
            .SelectMany(page => page.Select(e => e.Key))
            .ToHashSet();
    }
}
