using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AngleSharp.Dom;

namespace Archive.Engine.Extraction.Content;

/// <summary>Text statistics of one element, counted in non-space characters.</summary>
internal sealed class NodeStats
{
    public int Text { get; set; }
    public int LinkText { get; set; }

    /// <summary>Text that is not inside a block-level descendant: the element's own paragraph, if it is one.</summary>
    public int InlineText { get; set; }
    public int InlineLinkText { get; set; }
    public int InlineCommas { get; set; }

    /// <summary>Text in paragraph-like blocks with few links, summed over the subtree: how much prose it holds.</summary>
    public int Prose { get; set; }

    /// <summary>The last link in the subtree (the element itself if it is one and holds no other), in document order.</summary>
    public IElement? LastLink { get; set; }

    /// <summary>Whether a block-level element sits anywhere below.</summary>
    public bool HasBlock { get; set; }

    public double Score { get; set; }
    public bool Scored { get; set; }

    public double LinkDensity => Text == 0 ? 0 : (double)LinkText / Text;

    /// <summary>Back to a new instance's state, for a recount (<see cref="DocumentStatistics.Recount"/>).</summary>
    public void Reset()
    {
        (Text, LinkText, InlineText, InlineLinkText, InlineCommas, Prose) = (0, 0, 0, 0, 0, 0);
        (LastLink, HasBlock, Score, Scored) = (null, false, 0, false);
    }
}

/// <summary>Computes <see cref="NodeStats"/> for every element in one post-order pass.</summary>
internal sealed class DocumentStatistics
{
    public const int MinParagraphChars = 20;

    private readonly Dictionary<IElement, NodeStats> _stats;

    private DocumentStatistics(int capacity) => _stats = new(capacity, ReferenceEqualityComparer.Instance);

    /// <summary>The element's statistics; an element outside the counted subtree reads as empty (never write to it).</summary>
    public NodeStats this[IElement element] => _stats.TryGetValue(element, out var stats) ? stats : Empty;

    /// <summary>The element's statistics, if it was counted.</summary>
    public bool TryGet(IElement element, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NodeStats? stats) =>
        _stats.TryGetValue(element, out stats);

    /// <summary>How many elements were counted.</summary>
    public int Elements => _stats.Count;

    private static readonly NodeStats Empty = new();

    /// <param name="root">The element whose subtree is counted.</param>
    /// <param name="before">The same tree's statistics from before elements were removed from it, if there are any: their
    /// count bounds this one's, so the table is made at its size once instead of grown by doubling (a page is counted
    /// four times, and the grown tables were half of what counting allocated).</param>
    public static DocumentStatistics Compute(IElement root, DocumentStatistics? before = null) => Compute(root, before?.Elements ?? 0);

    /// <param name="root">The element whose subtree is counted.</param>
    /// <param name="capacity">How many elements the subtree is expected to hold, at most (<see cref="ParsedPage.Elements"/>).</param>
    public static DocumentStatistics Compute(IElement root, int capacity)
    {
        var result = new DocumentStatistics(capacity);
        result.Visit(root, insideLink: false);
        return result;
    }

    /// <summary>
    /// Counts <paramref name="root"/>'s subtree again into this table, reusing its entries and its <see cref="NodeStats"/>:
    /// for a count whose table nobody reads any more (a page is counted four times, each table the size of the page).
    /// Every answer this table gave before is void.
    /// </summary>
    public DocumentStatistics Recount(IElement root)
    {
        _spare ??= new List<NodeStats>(_stats.Count);
        _spare.AddRange(_stats.Values);
        _stats.Clear();
        Visit(root, insideLink: false);
        return this;
    }

    private List<NodeStats>? _spare;

    private NodeStats NewStats()
    {
        if (_spare is not { Count: > 0 } spare)
        {
            return new NodeStats();
        }
        var stats = spare[^1];
        spare.RemoveAt(spare.Count - 1);
        stats.Reset();
        return stats;
    }

    private NodeStats Visit(IElement element, bool insideLink)
    {
        var stats = NewStats();
        var isLink = insideLink || element.LocalName == "a";
        var children = element.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            var child = children[i];
            if (child is IElement childElement)
            {
                var childStats = Visit(childElement, isLink);
                var childIsBlock = HtmlTags.IsBlock(childElement.LocalName);
                stats.Text += childStats.Text;
                stats.LastLink = childStats.LastLink ?? stats.LastLink;
                stats.HasBlock |= childStats.HasBlock || childIsBlock;
                stats.LinkText += childStats.LinkText;
                stats.Prose += childStats.Prose;
                if (!childIsBlock)
                {
                    stats.InlineText += childStats.InlineText;
                    stats.InlineLinkText += childStats.InlineLinkText;
                    stats.InlineCommas += childStats.InlineCommas;
                }
            }
            else if (child.NodeType == NodeType.Text)
            {
                var (chars, commas) = Count(child.TextContent);
                stats.Text += chars;
                stats.InlineText += chars;
                stats.InlineCommas += commas;
                if (isLink)
                {
                    stats.LinkText += chars;
                    stats.InlineLinkText += chars;
                }
            }
        }
        if (element.LocalName == "a")
        {
            stats.LastLink ??= element;
        }
        if (HtmlTags.IsBlock(element.LocalName) && stats.InlineText >= MinParagraphChars
            && stats.InlineLinkText * 2 < stats.InlineText)
        {
            stats.Prose += stats.InlineText - stats.InlineLinkText;
        }
        _stats[element] = stats;
        return stats;
    }

    /// <summary>
    /// The text's characters that are not white space (<see cref="char.IsWhiteSpace(char)"/>), and its commas. Every text
    /// node is counted in each of a page's four counts, so ASCII is counted sixteen characters at a time: its white
    /// space is the space and U+0009–U+000D, its one comma ','; any other character is asked about one at a time.
    /// </summary>
    internal static (int Chars, int Commas) Count(ReadOnlySpan<char> text)
    {
        int spaces = 0, commas = 0, i = 0;
        if (Vector256.IsHardwareAccelerated && text.Length >= Vector256<ushort>.Count)
        {
            var chars = MemoryMarshal.Cast<char, ushort>(text);
            var (space, tab, controls, comma) = (Vector256.Create((ushort)' '), Vector256.Create((ushort)'\t'),
                Vector256.Create((ushort)('\r' - '\t')), Vector256.Create((ushort)','));
            var nonAscii = Vector256.Create((ushort)0xFF80);
            for (; i <= chars.Length - Vector256<ushort>.Count; i += Vector256<ushort>.Count)
            {
                var v = Vector256.Create(chars.Slice(i, Vector256<ushort>.Count));
                if ((v & nonAscii) != Vector256<ushort>.Zero)
                {
                    CountEach(text.Slice(i, Vector256<ushort>.Count), ref spaces, ref commas);
                    continue;
                }
                var white = Vector256.Equals(v, space) | Vector256.LessThanOrEqual(v - tab, controls);
                spaces += BitOperations.PopCount(white.ExtractMostSignificantBits());
                commas += BitOperations.PopCount(Vector256.Equals(v, comma).ExtractMostSignificantBits());
            }
        }
        CountEach(text[i..], ref spaces, ref commas);
        return (text.Length - spaces, commas);
    }

    private static void CountEach(ReadOnlySpan<char> text, ref int spaces, ref int commas)
    {
        foreach (var ch in text)
        {
            if (ch is ',' or '，' or '、' or '،')
            {
                commas++;
            }
            if (char.IsWhiteSpace(ch))
            {
                spaces++;
            }
        }
    }

    public IEnumerable<(IElement Element, NodeStats Stats)> All => _stats.Select(pair => (pair.Key, pair.Value));
}
