using System.Buffers;
using System.Text;
using AngleSharp.Dom;

namespace Archive.Engine.Lineage;

/// <summary>
/// What a page showed besides its article text: captions, embedded posts, product boxes, video titles, its site's
/// chrome. A copy that carries such text took it from the page it copied (where the cleaner had set it aside), so it is
/// not the copier's own commentary. Kept folded (<see cref="Shingles.Tokenize"/> tokens joined by spaces), one block of
/// the page per line.
/// </summary>
public static class PageText
{
    /// <summary>Folded text kept per page at most; a page's chrome is a few kilobytes, a hostile page may be megabytes.</summary>
    public const int MaxChars = 64 * 1024;

    // Switches, not sets: asked of every element of the page.
    internal static bool IsBlockElement(string tag) => tag is
        "address" or "article" or "aside" or "blockquote" or "br" or "button" or "caption" or "dd" or "details" or
        "dialog" or "div" or "dl" or "dt" or "fieldset" or "figcaption" or "figure" or "footer" or "form" or "h1" or
        "h2" or "h3" or "h4" or "h5" or "h6" or "header" or "hr" or "label" or "legend" or "li" or "main" or
        "menu" or "nav" or "ol" or "option" or "p" or "pre" or "section" or "summary" or "table" or "td" or "th" or
        "tr" or "ul";

    internal static bool IsInvisible(string tag) => tag is "script" or "style" or "template" or "noscript";

    /// <summary>The page's blocks of text, folded, in document order. A walk with its own stack: a page's depth never
    /// reaches the call stack.</summary>
    public static IReadOnlyList<string> Blocks(INode? root)
    {
        var blocks = new List<string>();
        if (root is null)
        {
            return blocks;
        }
        var current = new StringBuilder();
        var total = 0;
        var stack = new Stack<(INode Node, bool Closing)>();
        stack.Push((root, false));
        while (stack.Count > 0 && total < MaxChars)
        {
            var (node, closing) = stack.Pop();
            if (node is IText text && !closing)
            {
                current.Append(text.Data).Append(' ');
                continue;
            }
            if (node is not IElement element || IsInvisible(element.LocalName))
            {
                continue;
            }
            var block = IsBlockElement(element.LocalName);
            if (block)
            {
                total += Flush(current, blocks);
            }
            if (closing)
            {
                continue;
            }
            if (block)
            {
                stack.Push((node, true));
            }
            // By index: AngleSharp finds a node's previous sibling by searching its parent's children.
            var children = element.ChildNodes;
            for (var i = children.Length - 1; i >= 0; i--)
            {
                stack.Push((children[i], false));
            }
        }
        Flush(current, blocks);
        return blocks;
    }

    /// <summary>The blocks that are not paragraphs of the article text, distinct, one per line, within <see cref="MaxChars"/>.</summary>
    public static string Outside(IReadOnlyList<string> blocks, string articleText)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(articleText);
        // The distinct blocks, less those an article line folds to; each left is written at its first place. An article
        // line is folded into a rented buffer and looked up as a span: a string per line, made to be compared, was most
        // of what this allocated.
        var remaining = new HashSet<string>(blocks.Count, StringComparer.Ordinal);
        foreach (var block in blocks)
        {
            remaining.Add(block);
        }
        var lookup = remaining.GetAlternateLookup<ReadOnlySpan<char>>();
        var lines = articleText.AsSpan();
        foreach (var range in lines.Split('\n'))
        {
            if (range.Start.Equals(range.End))
            {
                continue;
            }
            var buffer = Shingles.FoldedRented(lines[range], out var length);
            lookup.Remove(buffer.AsSpan(0, length));
            ArrayPool<char>.Shared.Return(buffer);
        }
        var text = new StringBuilder();
        foreach (var block in blocks)
        {
            if (!remaining.Remove(block))
            {
                continue;
            }
            if (text.Length + block.Length + 1 > MaxChars)
            {
                break;
            }
            text.Append(block).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Text in the folded form blocks are kept in.</summary>
    public static string Fold(string text) => Shingles.Folded(text);

    private static int Flush(StringBuilder current, List<string> blocks)
    {
        if (current.Length == 0)
        {
            return 0;
        }
        var folded = Shingles.Folded(current);
        current.Clear();
        if (folded.Length == 0)
        {
            return 0;
        }
        blocks.Add(folded);
        return folded.Length + 1;
    }
}
