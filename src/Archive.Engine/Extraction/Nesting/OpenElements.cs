namespace Archive.Engine.Extraction.Nesting;

/// <summary>
/// A model of the HTML parser's stack of open elements and list of active formatting elements, kept to bound how deep
/// the real parser will nest. It follows the tree-construction rules that open and close elements (implied end tags,
/// scopes, tables, foreign content, the adoption agency, reconstruction of formatting elements) and, where it
/// simplifies, errs towards more open elements, never fewer. <see cref="Estimate"/> is an upper bound of the depth the
/// parser reaches: open elements plus formatting elements it may re-open.
/// </summary>
internal sealed partial class OpenElements
{
    /// <summary>Formatting elements the list holds after its last marker; past this, new ones are dropped.</summary>
    public const int MaxActiveFormatting = 32;

    private readonly List<Open> _stack = [new(new Tag("html"), Ns.Html), new(new Tag("body"), Ns.Html)];
    private readonly List<Formatting?> _formatting = [];  // null is a marker
    private int _closedFormatting;
    private int _openSelects;

    // Bumped by every change to the stack: the limiter asks where a start tag's parent is (ChildrenOfParent) before it
    // applies the tag (Start), and the answer is kept for the tag while the stack stays as it was.
    private int _version;
    private (string? Name, int Version, int Kept) _lastKept;

    public int Estimate => _stack.Count + _closedFormatting;

    /// <summary>Elements the parser creates for the tags seen so far (implied, cloned and re-opened ones included).</summary>
    public int Created { get; private set; }

    /// <summary>Whether the list of active formatting elements is full: every formatting element re-opens them all.</summary>
    public bool FormattingFull => ActiveFormatting() >= MaxActiveFormatting;

    public bool InForeignContent => _stack[^1] is { Foreign: true, IntegrationPoint: false };

    /// <summary>
    /// How much <see cref="Estimate"/> can grow at most if the start tag is inserted (its own element and the table
    /// parents the parser inserts with it; re-opened formatting elements are already counted): the caller drops a tag
    /// that could pass the cap.
    /// </summary>
    public int GrowthOf(Tag tag, bool selfClosing)
    {
        if (_openSelects > 0)
        {
            return 1;
        }
        if (InForeignContent && !tag.Is(TagKind.ForeignBreakout))
        {
            return selfClosing ? 0 : 1;
        }
        return tag.Name switch
        {
            "html" or "head" or "body" or "frameset" => 0,
            "td" or "th" => 3,
            "tr" => 2,
            "col" => 1,
            "svg" or "math" when selfClosing => 0,
            _ => tag.Is(TagKind.Void) ? 0 : 1,
        };
    }

    /// <summary>Applies a start tag; true when the tokenizer reads the element's content as text (script, textarea...).</summary>
    public bool Start(Tag tag, ReadOnlyMemory<char> attributes, bool selfClosing)
    {
        var name = tag.Name;
        if (InForeignContent)
        {
            if (!tag.Is(TagKind.ForeignBreakout))
            {
                if (!selfClosing)
                {
                    // An <svg> in a MathML annotation-xml is SVG; anything else takes the namespace it stands in.
                    var ns = name == "svg" && _stack[^1].Name == "annotation-xml" ? Ns.Svg : _stack[^1].Ns;
                    Push(new Open(tag, ns, attributes));
                }
                return false;
            }
            PopTo(ForeignBase());
        }
        if (_openSelects > 0 && StartInSelect(tag) is { } inserted)
        {
            return inserted;
        }
        // A new <a> closes an open one (and <nobr> a <nobr>) through the adoption agency, whatever lies between.
        if (name == "a" && LastFormatting("a") is not null || name == "nobr" && FindInScope("nobr", Scope.Default) >= 0)
        {
            End(tag);
            if (LastFormatting(name) is { } left)
            {
                if (left.Element is { } stale)
                {
                    _stack.Remove(stale);
                    _version++;
                    left.Element = null;
                    _closedFormatting++;
                }
                Forget(left);
            }
        }
        var kept = KeptAfterStartOnce(tag);
        if (kept < 0)
        {
            return false;
        }
        PopAndClear(kept, always: false);
        OpenTableParents(name);
        if (!tag.Is(TagKind.Special) || tag.Is(TagKind.ReconstructsFormatting))
        {
            Reconstruct();
        }
        if (tag.Is(TagKind.Void) || IsForeignRoot(name) && selfClosing)
        {
            _stack[^1].Children++;
            Created++;
            return false;
        }
        var open = new Open(tag, name switch { "svg" => Ns.Svg, "math" => Ns.MathMl, _ => Ns.Html });
        Push(open);
        if (name == "select")
        {
            _openSelects++;
        }
        if (tag.Is(TagKind.Marker))
        {
            _formatting.Add(null);
        }
        else if (tag.Is(TagKind.Formatting))
        {
            AddFormatting(tag, attributes, open);
        }
        return !open.Foreign && tag.Is(TagKind.RawText);
    }

    /// <summary>Applies an end tag; true when the parser creates an element for it (a stray &lt;/p&gt; or &lt;/br&gt;).</summary>
    public bool End(Tag tag)
    {
        var name = tag.Name;
        if (InForeignContent)
        {
            for (var i = _stack.Count - 1; i >= 0 && _stack[i].Foreign; i--)
            {
                if (_stack[i].Name == name)
                {
                    PopTo(i);
                    return false;
                }
            }
            if (name is "br" or "p")
            {
                PopTo(ForeignBase());
            }
        }
        // Inside a select the parser ignores end tags other than its own and its options'.
        if (_openSelects > 0 && name is not ("select" or "option" or "optgroup"))
        {
            return false;
        }
        switch (name)
        {
            case "html" or "head" or "body":
                return false;
            case "br":
                Reconstruct();
                _stack[^1].Children++;
                Created++;
                return true;
            case "form":
                var form = FindInScope(name, Scope.Default);
                if (form >= 0)
                {
                    Drop(form);
                }
                return false;
            case "p":
                var paragraph = FindInScope(name, Scope.Button);
                PopThrough(paragraph);
                if (paragraph < 0)
                {
                    _stack[^1].Children++;
                    Created++;
                }
                return paragraph < 0;
            case "li":
                PopThrough(FindInScope(name, Scope.ListItem));
                return false;
            case "table" or "tbody" or "thead" or "tfoot" or "tr" or "td" or "th" or "caption" or "colgroup":
                if (FindInScope(name, Scope.Table) is var tablePart and >= 0)
                {
                    PopAndClear(tablePart, always: false);
                }
                return false;
            case "select":
                PopThrough(FindInScope(name, Scope.Select));
                return false;
            case "option" or "optgroup":
                if (_stack[^1].Name == name)
                {
                    PopTo(_stack.Count - 1);
                }
                return false;
            case "template" or "applet" or "marquee" or "object":
                if (FindInScope(name, name == "template" ? Scope.Table : Scope.Default) is var marker and >= 0)
                {
                    PopAndClear(marker, always: true);
                }
                return false;
        }
        if (tag.Is(TagKind.Heading))
        {
            PopThrough(FindHeadingInScope());
        }
        else if (tag.Is(TagKind.ClosesInScope))
        {
            PopThrough(FindInScope(name, Scope.Default));
        }
        else if (tag.Is(TagKind.Formatting) && LastFormatting(name) is { } entry)
        {
            AdoptionAgency(entry);
        }
        else
        {
            AnyOtherEnd(name);
        }
        return false;
    }

    // Inside a select AngleSharp 1.5 nests every start tag below the last, even void and self-closing ones (an <img>
    // holds the <br> after it), and closes nothing but options; another <select> or a form control closes the select when
    // only options stand above it. Null when the tag is then processed as anywhere else.
    private bool? StartInSelect(Tag tag)
    {
        var name = tag.Name;
        var select = FindInScope("select", Scope.Select);
        switch (name)
        {
            case "select":
                if (select >= 0)
                {
                    PopTo(select);
                }
                return false;
            case "input" or "keygen" or "textarea" when select >= 0:
                PopTo(select);
                return null;
            case "option" or "optgroup":
                return null;
        }
        Reconstruct();
        Push(new Open(tag, Ns.Html));
        return name == "script";
    }

    /// <summary>Whether the tokenizer would read this start tag's content as text here (script, textarea...).</summary>
    public bool OpensRawText(Tag tag) =>
        !InForeignContent && (_openSelects > 0 ? tag.Name == "script" : tag.Is(TagKind.RawText));

    /// <summary>Character data in the body re-opens formatting elements closed by an ancestor's end tag.</summary>
    public void Text()
    {
        if (!InForeignContent)
        {
            Reconstruct();
        }
        _stack[^1].Children++;
    }

    /// <summary>Children of the element on top of the stack, which a stray &lt;/p&gt; or &lt;/br&gt; would add to.</summary>
    public int ChildrenOfCurrent => _stack[^1].Children;

    /// <summary>
    /// The most children the element that would receive the start tag already has (its parent once implied end tags
    /// have closed what they close): the caller drops tags that would make one element wider than it allows.
    /// </summary>
    public int ChildrenOfParent(Tag tag)
    {
        if (InForeignContent && !tag.Is(TagKind.ForeignBreakout))
        {
            return _stack[^1].Children;
        }
        var kept = KeptAfterStartOnce(tag);
        return kept <= 0 ? 0 : _stack[Math.Min(kept, _stack.Count) - 1].Children;
    }

    private int KeptAfterStartOnce(Tag tag)
    {
        if (_lastKept.Version == _version && (object?)_lastKept.Name == tag.Name)
        {
            return _lastKept.Kept;
        }
        var kept = KeptAfterStart(tag);
        _lastKept = (tag.Name, _version, kept);
        return kept;
    }

    private void Push(Open open)
    {
        _stack[^1].Children++;
        _stack.Add(open);
        _version++;
        Created++;
    }

    private enum Ns { Html, Svg, MathMl }

    // Compared by reference: the stack may hold several elements of one name.
    private sealed class Open(Tag tag, Ns ns, ReadOnlyMemory<char> attributes = default)
    {
        public Tag Tag { get; } = tag;
        public string Name => Tag.Name;
        public Ns Ns { get; } = ns;
        public bool Foreign => Ns != Ns.Html;
        public int Children { get; set; }

        /// <summary>Where HTML is parsed as HTML again inside SVG or MathML.</summary>
        public bool IntegrationPoint { get; } = ns switch
        {
            Ns.Svg => tag.Is(TagKind.SvgIntegrationPoint),
            Ns.MathMl => tag.Is(TagKind.MathTextIntegrationPoint)
                || tag.Name == "annotation-xml" && (attributes.Span.Contains("text/html", StringComparison.OrdinalIgnoreCase)
                    || attributes.Span.Contains("application/xhtml+xml", StringComparison.OrdinalIgnoreCase)),
            _ => false,
        };

        /// <summary>Foreign elements that end a scope search and count as special.</summary>
        public bool ForeignBoundary => Ns == Ns.Svg ? IntegrationPoint : Ns == Ns.MathMl
            && (Tag.Is(TagKind.MathTextIntegrationPoint) || Name == "annotation-xml");
    }
}
