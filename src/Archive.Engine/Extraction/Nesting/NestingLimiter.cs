using System.Text;

namespace Archive.Engine.Extraction.Nesting;

/// <summary>
/// Bounds how deep the HTML parser will nest a page, before it parses it. AngleSharp builds any depth it is given,
/// in time that grows with the square of the depth (every scope check scans the open elements), and a deep tree would
/// overflow the stack of any recursive walk. Browsers cap the tree at 512 levels; this pass does the same on the
/// markup: it follows the tokenizer (tags, attributes, comments, raw text) and a model of tree construction
/// (<see cref="OpenElements"/>), and drops each start tag that could take the tree past the cap, with the end tag that
/// closes it, keeping everything between. A page that stays under the cap comes back as the same string instance.
/// <para>
/// It bounds the tree's size the same way: once the parser would have created <see cref="ExtractionLimits.MaxNodes"/> elements and text
/// runs, further tags are dropped and their text runs on in the last element; so are tags that would give one element
/// more than <see cref="ExtractionLimits.MaxChildren"/> children; and formatting elements past
/// <see cref="OpenElements.MaxActiveFormatting"/> open at once are dropped, since the parser re-opens every one of
/// them before each later element it inserts. Measured on 1,678 real pages (the Zyte and WCXB sets): the deepest
/// nests 55 levels, the largest has 10,088 elements, the widest element 2,170 children; none is changed by this pass.
/// </para>
/// </summary>
internal sealed class NestingLimiter
{
    private readonly string _html;
    private readonly ExtractionLimits _limits;
    private readonly OpenElements _open = new();
    private readonly Dictionary<string, int> _dropped = new(StringComparer.Ordinal);
    private readonly TagNames _names = new();
    private StringBuilder? _output;
    private int _copied;
    private int _textRuns;
    private long _textChars;
    private bool _cut;

    private NestingLimiter(string html, ExtractionLimits limits) => (_html, _limits) = (html, limits);

    /// <summary>The markup without the tags that would take the tree past <paramref name="limits"/>.</summary>
    public static string Limit(string html, ExtractionLimits? limits = null) => Limit(html, limits, out _);

    /// <param name="textCut">Whether the page held more than <see cref="ExtractionLimits.MaxTextChars"/> of text and was cut there.</param>
    public static string Limit(string html, ExtractionLimits? limits, out bool textCut)
    {
        ArgumentNullException.ThrowIfNull(html);
        var limiter = new NestingLimiter(html, limits ?? ExtractionLimits.Default);
        var limited = limiter.Run();
        textCut = limiter._cut;
        return limited;
    }

    private string Run()
    {
        var html = _html;
        var position = 0;
        while (position < html.Length)
        {
            var lt = html.IndexOf('<', position);
            if (lt < 0)
            {
                Text(position, html.Length);
                break;
            }
            if (lt > position)
            {
                Text(position, lt);
            }
            var next = _cut ? -1 : Step(lt);
            if (next < 0)
            {
                break;
            }
            position = next;
        }
        if (_output is null)
        {
            return html;
        }
        _output.Append(html, _copied, html.Length - _copied);
        return _output.ToString();
    }

    // Handles the markup starting at '<'; returns where scanning goes on, or -1 when the rest of the page is text.
    private int Step(int lt)
    {
        var html = _html;
        if (lt + 1 >= html.Length)
        {
            return -1;
        }
        var ch = html[lt + 1];
        if (char.IsAsciiLetter(ch))
        {
            return StartTag(lt);
        }
        if (ch == '/')
        {
            if (lt + 2 < html.Length && char.IsAsciiLetter(html[lt + 2]))
            {
                return EndTag(lt);
            }
            return SkipTo(lt + 2, '>');
        }
        if (ch == '!')
        {
            return MarkupDeclaration(lt);
        }
        if (ch == '?')
        {
            return SkipTo(lt + 2, '>');
        }
        Text(lt, lt + 1);
        return _cut ? -1 : lt + 1;
    }

    private bool Full => _open.Created + _textRuns >= _limits.MaxNodes;

    private void Text()
    {
        _textRuns++;
        _open.Text();
    }

    private void Text(int start, int end)
    {
        if (!_cut && end > start)
        {
            Text();
            CountText(start, end);
        }
    }

    // Text from start to end counts against the text budget, and the page ends where the budget does. Every later stage
    // copies the text a few times over (blocks, normalised lines, features, the clean HTML), so the budget, not the page's
    // size in bytes, is what bounds the engine's memory for one page.
    private void CountText(int start, int end)
    {
        if (_cut || end <= start)
        {
            return;
        }
        _textChars += end - start;
        if (_textChars <= _limits.MaxTextChars)
        {
            return;
        }
        var cut = end - (int)(_textChars - _limits.MaxTextChars);
        if (cut > 0 && char.IsHighSurrogate(_html[cut - 1]))
        {
            cut--;
        }
        Drop(cut, _html.Length);
        _cut = true;
    }

    private int StartTag(int lt)
    {
        var tag = TagScanner.Scan(_html, lt + 1);
        if (tag.End < 0)
        {
            return -1;
        }
        var element = _names.Get(_html.AsSpan(tag.NameStart, tag.NameLength));
        var name = element.Name;
        var rawText = _open.OpensRawText(element);
        if (Full && rawText)
        {
            // Past the size budget a script or textarea goes whole: its text would otherwise be read as markup.
            var close = SkipRawText(tag.End, name);
            var closeEnd = close < 0 ? -1 : TagScanner.Scan(_html, close + 2).End;
            Drop(lt, closeEnd < 0 ? _html.Length : closeEnd);
            return closeEnd;
        }
        // Void and raw-text elements are leaves: they may stand one level past the cap.
        var leaf = rawText || element.Is(TagKind.Void) && _open.GrowthOf(element, tag.SelfClosing) == 0;
        if (Full || !leaf && _open.Estimate + _open.GrowthOf(element, tag.SelfClosing) > _limits.MaxNesting
            || element.Is(TagKind.Formatting) && _open.FormattingFull
            || _open.ChildrenOfParent(element) >= _limits.MaxChildren)
        {
            Drop(lt, tag.End);
            if (!leaf)
            {
                _dropped[name] = _dropped.GetValueOrDefault(name) + 1;
            }
            return tag.End;
        }
        // A slice of the page, not a copy: formatting elements keep theirs while they stay on the list.
        var attributes = element.Is(TagKind.Formatting) || name == "annotation-xml"
            ? _html.AsMemory(tag.AttributesStart, tag.End - 1 - tag.AttributesStart).Trim()
            : ReadOnlyMemory<char>.Empty;
        if (_open.Start(element, attributes, tag.SelfClosing))
        {
            if (name == "plaintext")
            {
                CountText(tag.End, _html.Length);
                return -1;
            }
            // Title, textarea and the like hold text the tree keeps: it counts against the budget like any other.
            var rawEnd = SkipRawText(tag.End, name);
            CountText(tag.End, rawEnd < 0 ? _html.Length : rawEnd);
            return _cut ? -1 : rawEnd;
        }
        return tag.End;
    }

    private int EndTag(int lt)
    {
        var tag = TagScanner.Scan(_html, lt + 2);
        if (tag.End < 0)
        {
            return -1;
        }
        var element = _names.Get(_html.AsSpan(tag.NameStart, tag.NameLength));
        var name = element.Name;
        // The end tags of dropped elements come first: the dropped elements were the innermost ones.
        if (_dropped.TryGetValue(name, out var count) && count > 0)
        {
            _dropped[name] = count - 1;
            Drop(lt, tag.End);
            return tag.End;
        }
        if (name is "p" or "br" && (Full || _open.ChildrenOfCurrent >= _limits.MaxChildren))
        {
            // A stray </p> or </br> makes an element of its own.
            Drop(lt, tag.End);
            return tag.End;
        }
        _open.End(element);
        return tag.End;
    }

    // Comments, doctypes, CDATA (only inside SVG and MathML) and bogus comments.
    private int MarkupDeclaration(int lt)
    {
        var rest = _html.AsSpan(lt + 2);
        if (rest.StartsWith("--"))
        {
            // "<!-->" and "<!--->" are complete (empty) comments.
            if (rest[2..].StartsWith(">"))
            {
                return lt + 5;
            }
            if (rest[2..].StartsWith("->"))
            {
                return lt + 6;
            }
            var close = _html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
            var bang = _html.IndexOf("--!>", lt + 4, StringComparison.Ordinal);
            if (bang >= 0 && (close < 0 || bang < close))
            {
                return bang + 4;
            }
            return close < 0 ? -1 : close + 3;
        }
        if (rest.StartsWith("[CDATA[") && _open.InForeignContent)
        {
            var close = _html.IndexOf("]]>", lt + 9, StringComparison.Ordinal);
            return close < 0 ? -1 : close + 3;
        }
        return SkipTo(lt + 2, '>');
    }

    // Raw text runs to "</name" followed by white space, '/' or '>'; that end tag is then read as a tag.
    private int SkipRawText(int from, string name)
    {
        var html = _html;
        var position = from;
        while ((position = html.IndexOf("</", position, StringComparison.Ordinal)) >= 0)
        {
            var after = position + 2 + name.Length;
            if (after < html.Length && html.AsSpan(position + 2, name.Length).Equals(name, StringComparison.OrdinalIgnoreCase)
                && html[after] is '\t' or '\n' or '\f' or '\r' or ' ' or '/' or '>')
            {
                return position;
            }
            position += 2;
        }
        return -1;
    }

    private int SkipTo(int from, char ch)
    {
        var at = from < _html.Length ? _html.IndexOf(ch, from) : -1;
        return at < 0 ? -1 : at + 1;
    }

    private void Drop(int start, int end)
    {
        // Not the page's length up front: a page cut at the text budget keeps only its start.
        _output ??= new StringBuilder(Math.Min(_html.Length, 1 << 16));
        _output.Append(_html, _copied, start - _copied);
        _copied = end;
    }
}
