using System.Buffers;
using System.Net;
using System.Text;
using AngleSharp.Dom;
using Archive.Engine.Extraction.Content;

namespace Archive.Engine.Extraction.Output;

/// <summary>
/// Walks the picked story elements in document order and cuts them into blocks (paragraphs, headings, list items,
/// tables), writing allow-listed HTML beside the text. Link-heavy containers and furniture lines are left out here,
/// where the text of each block is finally known.
/// </summary>
internal sealed class BlockCollector(DocumentStatistics stats, LinkResolver links, string? title, bool keepAll = false)
{
    private readonly List<ContentBlock> _blocks = [];
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _html = new();
    private readonly List<ArticleLink> _links = [];
    private readonly Stack<(BlockKind Kind, int Level, IElement? Group, bool Ordered)> _context = new();
    // The block-level element whose text is being gathered: what the block scorer reads features from.
    private readonly Stack<IElement> _owners = new();
    private IElement? _quote;
    private IElement? _linkFarm;
    private IElement? _root;
    private bool _linkHeavy;
    private int _flushes;
    private readonly string? _title = title is null ? null : Normalize(title);

    public IReadOnlyList<ContentBlock> Collect(IEnumerable<IElement> roots)
    {
        _context.Push((BlockKind.Paragraph, 0, null, false));
        foreach (var root in roots)
        {
            _root = root;
            _owners.Push(root);
            Walk(root);
            Flush();
            _owners.Pop();
        }
        return _blocks;
    }

    private void Walk(IElement element)
    {
        var tag = element.LocalName;
        // Reading the whole page for the scorer, only teaser cards and hover cards are cut here; the scorer judges the rest.
        if (keepAll ? !HtmlTags.IsBlock(tag) && IsLinkFarm(element, tag) : IsLinkFarm(element, tag))
        {
            if (!HtmlTags.IsBlock(tag))
            {
                // A hover card inside a sentence: its leading link is the sentence's word ("Rep. Ilhan Omar"), the
                // card content after it is the pop-up.
                if (element.QuerySelector("a") is { } lead)
                {
                    Walk(lead);
                }
                return;
            }
            Flush();
            // A "More stories" heading or label over a dropped link list goes with it.
            if (_blocks.Count > 0 && IsLabel(_blocks[^1]))
            {
                _blocks.RemoveAt(_blocks.Count - 1);
            }
            return;
        }
        switch (tag)
        {
            case "br":
                _text.Append('\n');
                _html.Append("<br>");
                return;
            case "hr":
                Flush();
                return;
            case "h1" when !keepAll:
                Flush();
                return;
            case "table" when TableWriter.IsDataTable(element, stats):
                Flush();
                Add(TableWriter.Write(element, links, _quote) with { Element = element });
                return;
            case "pre":
                Flush();
                _context.Push((BlockKind.Preformatted, 0, null, false));
                _owners.Push(element);
                _text.Append(element.TextContent);
                _html.Append(WebUtility.HtmlEncode(element.TextContent));
                Flush();
                _owners.Pop();
                _context.Pop();
                return;
        }
        if (HtmlTags.IsHeading(tag))
        {
            WalkBlock(element, (BlockKind.Heading, tag[1] - '0', null, false));
        }
        else if (tag == "li")
        {
            var list = element.ParentElement;
            _linkHeavy = IsMostlyLinks(element);
            WalkBlock(element, (BlockKind.ListItem, 0, list, list?.LocalName == "ol"));
        }
        else if (tag == "blockquote")
        {
            Flush();
            var outer = _quote;
            _quote ??= element;
            _owners.Push(element);
            WalkChildren(element);
            Flush();
            _owners.Pop();
            _quote = outer;
        }
        else if (HtmlTags.IsBlock(tag))
        {
            _linkHeavy = tag == "p" && IsMostlyLinks(element);
            var linkFarm = keepAll && _linkFarm is null && (tag is "ul" or "ol" ? IsHeadlineList(element) : IsTeaserCard(element, tag));
            if (linkFarm)
            {
                _linkFarm = element;
            }
            WalkBlock(element, (BlockKind.Paragraph, 0, null, false));
            if (linkFarm)
            {
                _linkFarm = null;
            }
        }
        else
        {
            WalkInline(element, tag);
        }
    }

    private void WalkBlock(IElement element, (BlockKind, int, IElement?, bool) context)
    {
        var linkHeavy = _linkHeavy;
        _linkHeavy = false;
        Flush();
        _linkHeavy = linkHeavy;
        _context.Push(context);
        _owners.Push(element);
        WalkChildren(element);
        Flush();
        _owners.Pop();
        _linkHeavy = false;
        _context.Pop();
    }

    // Short paragraphs that are mostly links are teasers ("Story title [VIDEO]"); the assembler drops them after
    // it has had the chance to read them as attribution lines.
    private bool IsMostlyLinks(IElement element)
    {
        var nodeStats = stats[element];
        return nodeStats.Text < 200 && nodeStats.LinkDensity > 0.7;
    }

    private void WalkInline(IElement element, string tag)
    {
        var wrapper = tag switch
        {
            "em" or "i" or "cite" => "em",
            "strong" or "b" => "strong",
            "code" or "kbd" or "samp" => "code",
            "sub" or "sup" => tag,
            _ => null,
        };
        string? href = null;
        var (textStart, flushes, link) = (_text.Length, _flushes, -1);
        if (tag == "a")
        {
            href = links.Resolve(element.Attribute("href"));
            if (href is not null)
            {
                // A link's words are usually what its walk gathers next, so its subtree is read once, not twice; one that
                // holds blocks of its own (a card) is read whole now, as its text will be flushed block by block.
                link = _links.Count;
                _links.Add(new ArticleLink(href, stats[element].HasBlock ? Normalize(element.TextContent) : string.Empty));
                _html.Append("<a href=\"").Append(WebUtility.HtmlEncode(href)).Append("\">");
            }
        }
        else if (wrapper is not null)
        {
            _html.Append('<').Append(wrapper).Append('>');
        }
        WalkChildren(element);
        if (href is not null)
        {
            if (flushes == _flushes && link < _links.Count && _links[link].Text.Length == 0)
            {
                _links[link] = _links[link] with { Text = Collapse(_text, textStart, lines: false) };
            }
            _html.Append("</a>");
        }
        else if (wrapper is not null)
        {
            _html.Append("</").Append(wrapper).Append('>');
        }
    }

    private void WalkChildren(IElement element)
    {
        var children = element.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            var child = children[i];
            if (child is IElement childElement)
            {
                Walk(childElement);
            }
            else if (child.NodeType == NodeType.Text)
            {
                // Source line breaks are plain white space; only <br> breaks a line. Replaced in the builders, where the
                // text lands anyway, rather than in a copy per text node (most nodes between tags hold a line break).
                var data = child.TextContent;
                AppendFlat(_text, data);
                AppendFlat(_html, WebUtility.HtmlEncode(data));
            }
        }
    }

    private static void AppendFlat(StringBuilder builder, string text)
    {
        var start = builder.Length;
        builder.Append(text);
        if (text.AsSpan().IndexOfAny('\n', '\r') >= 0)
        {
            builder.Replace('\n', ' ', start, text.Length).Replace('\r', ' ', start, text.Length);
        }
    }

    // Lists of links (related stories, tag clouds, share rows) inside the story container.
    private bool IsLinkFarm(IElement element, string tag)
    {
        var nodeStats = stats[element];
        if (nodeStats.Text == 0)
        {
            return false;
        }
        if (IsTeaserCard(element, tag))
        {
            return true;
        }
        var density = nodeStats.LinkDensity;
        return tag switch
        {
            "ul" or "ol" => density > 0.5 || density > 0.3 && EveryItemLinks(element, nodeStats.Text),
            "dl" or "div" or "section" or "table" or "nav" => density > 0.5,
            // Hover cards and inline link clusters (several links, nothing else) inside a sentence.
            "span" => density > 0.9 && nodeStats.Text > 80 && element.Closest("a") is null
                && element.GetElementsByTagName("a").Length >= 2,
            _ => false,
        };
    }

    // A list of short headline links ("More stories"): every item a link, nearly all of its text linked.
    private bool IsHeadlineList(IElement list)
    {
        var listStats = stats[list];
        return listStats.Text > 0 && listStats.LinkDensity > 0.8 && EveryItemLinks(list, listStats.Text);
    }

    // The picked story itself is never a teaser card, however short it is.
    private bool IsTeaserCard(IElement element, string tag)
    {
        var text = stats[element].Text;
        return text > 0 && text < TeaserChars && element != _root && tag is "div" or "article" or "li" or "section" && EndsInReadMore(element);
    }

    private const int TeaserChars = 600;
    private const int MaxLabelChars = 60;

    private static bool IsLabel(ContentBlock block) =>
        block.Kind == BlockKind.Heading
        || block.Kind == BlockKind.Paragraph && block.Text.Length <= MaxLabelChars && block.Text[^1] is not ('.' or '!' or '?' or '"' or '”');

    // A teaser card: a snippet of another story closed by a "Read more" link.
    private bool EndsInReadMore(IElement element) =>
        stats[element].LastLink is { } last && LineClassifier.IsReadMoreLink(Normalize(last.TextContent));

    // Headline lists ("More stories": short items, each a link) as opposed to prose lists that cite sources.
    private static bool EveryItemLinks(IElement list, int listText)
    {
        var items = 0;
        foreach (var item in list.ElementChildren())
        {
            if (item.LocalName != "li")
            {
                continue;
            }
            items++;
            if (item.QuerySelector("a[href]") is null)
            {
                return false;
            }
        }
        return items >= 2 && listText / items < 100;
    }

    private void Flush()
    {
        _flushes++;
        var (kind, level, group, ordered) = _context.Peek();
        var text = kind == BlockKind.Preformatted ? _text.ToString().Trim('\n', '\r') : Collapse(_text, 0, lines: true);
        // Most flushes close a block that gathered no text: its markup is not worth a string.
        var html = text.Length == 0 ? string.Empty : Trimmed(_html);
        _text.Clear();
        _html.Clear();
        if (text.Length == 0)
        {
            _links.Clear();
            return;
        }
        ArticleLink[] blockLinks = _links.Count == 0 ? [] : [.. _links];
        _links.Clear();
        if (!keepAll && _title is not null && NormalizesTo(text, _title))
        {
            return;
        }
        Add(new ContentBlock(kind, text, html, level, group, ordered, _quote, blockLinks)
        {
            LinkHeavy = _linkHeavy,
            InLinkFarm = _linkFarm is not null,
            Element = _owners.Count > 0 ? _owners.Peek() : _root,
        });
    }

    private void Add(ContentBlock block) => _blocks.Add(block);

    /// <summary>Each run of white space made one space, and none at the ends.</summary>
    internal static string Normalize(string value) => IsNormal(value) ? value : Collapse(value, lines: false);

    /// <summary>
    /// Whether <see cref="Normalize"/> of the value equals the normal string, ignoring case: a block compared with the
    /// page's title. Strings of other lengths are never equal, so the normal form is written only when the lengths agree.
    /// </summary>
    internal static bool NormalizesTo(string value, string normal) =>
        NormalLength(value, normal.Length) == normal.Length && string.Equals(Normalize(value), normal, StringComparison.OrdinalIgnoreCase);

    // The length Normalize gives, counted as Collapser writes (each character that is not white space, and one space
    // before it where white space follows earlier text), or any length over the bound once it is passed.
    private static int NormalLength(string value, int bound)
    {
        var (length, space, content) = (0, false, false);
        foreach (var ch in value)
        {
            if (char.IsWhiteSpace(ch))
            {
                space = content;
            }
            else
            {
                length += space ? 2 : 1;
                (space, content) = (false, true);
                if (length > bound)
                {
                    break;
                }
            }
        }
        return length;
    }

    // Most lines are already normal (one space between words, none at the ends): they are given back, not copied.
    private static bool IsNormal(string value)
    {
        if (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])))
        {
            return false;
        }
        for (var i = 1; i < value.Length; i++)
        {
            if (char.IsWhiteSpace(value[i]) && (value[i] != ' ' || value[i - 1] == ' '))
            {
                return false;
            }
        }
        return true;
    }

    private static string Collapse(ReadOnlySpan<char> value, bool lines)
    {
        var collapser = new Collapser(value.Length, lines);
        collapser.Add(value);
        return collapser.Finish();
    }

    // The builder's characters from start on, collapsed where they lie instead of first copied into a string.
    private static string Collapse(StringBuilder source, int start, bool lines)
    {
        var collapser = new Collapser(source.Length - start, lines);
        var skip = start;
        foreach (var chunk in source.GetChunks())
        {
            if (skip >= chunk.Length)
            {
                skip -= chunk.Length;
                continue;
            }
            collapser.Add(chunk.Span[skip..]);
            skip = 0;
        }
        return collapser.Finish();
    }

    // The builder's text without white space at its ends, as string.Trim gives it, without the untrimmed copy.
    private static string Trimmed(StringBuilder builder)
    {
        var (start, end) = (0, builder.Length);
        while (end > 0 && char.IsWhiteSpace(builder[end - 1]))
        {
            end--;
        }
        while (start < end && char.IsWhiteSpace(builder[start]))
        {
            start++;
        }
        return builder.ToString(start, end - start);
    }

    /// <summary>Writes text with each run of white space made one space and the ends trimmed; with lines, each line so and
    /// empty lines dropped. Never writes more than it reads, so a pooled buffer as long as the input holds the result until
    /// <see cref="Finish"/> makes it a string and gives the buffer back.</summary>
    private struct Collapser(int capacity, bool lines)
    {
        private readonly char[] _buffer = ArrayPool<char>.Shared.Rent(capacity);
        private int _length;
        private bool _space;
        private bool _content;

        public void Add(ReadOnlySpan<char> text)
        {
            foreach (var ch in text)
            {
                if (lines && ch == '\n')
                {
                    (_space, _content) = (false, false);
                }
                else if (char.IsWhiteSpace(ch))
                {
                    _space = _content;
                }
                else
                {
                    if (!_content && _length > 0)
                    {
                        _buffer[_length++] = '\n';
                    }
                    else if (_space)
                    {
                        _buffer[_length++] = ' ';
                    }
                    _buffer[_length++] = ch;
                    (_space, _content) = (false, true);
                }
            }
        }

        public readonly string Finish()
        {
            var result = new string(_buffer, 0, _length);
            ArrayPool<char>.Shared.Return(_buffer);
            return result;
        }
    }
}
