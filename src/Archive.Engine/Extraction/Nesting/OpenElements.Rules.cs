namespace Archive.Engine.Extraction.Nesting;

// How start and end tags open and close elements: implied end tags, tables, lists, foreign content, scopes.
internal sealed partial class OpenElements
{
    // The stack length left once the start tag's implied end tags have closed what they close; -1 if the parser ignores it.
    private int KeptAfterStart(Tag tag)
    {
        var name = tag.Name;
        var kept = _stack.Count;
        switch (name)
        {
            case "html" or "head" or "body" or "frameset":
                return -1;
            case "caption" or "colgroup" or "col" or "tbody" or "thead" or "tfoot" or "tr" or "td" or "th":
                // Outside a table (the insertion mode is "in body") the parser ignores these.
                var table = FindInScope("table", Scope.Table);
                return table < 0 || TableMode() is null ? -1 : TableKept(name, table);
            case "table" when TableMode() is "table" or "tbody" or "thead" or "tfoot" or "tr" or "colgroup":
                return FindInScope("table", Scope.Table);
            case "li":
                kept = ListItemKept("li");
                break;
            case "dd" or "dt":
                kept = ListItemKept("dd", "dt");
                break;
            case "button" when FindInScope("button", Scope.Default) is var button and >= 0:
                kept = button;
                break;
            case "option" or "optgroup" when _stack[^1].Name == "option":
                kept--;
                break;
            case "rb" or "rtc" or "rp" or "rt":
                while (kept > 2 && _stack[kept - 1].Name is "rb" or "rp" or "rt" or "rtc" && !(name is "rp" or "rt" && _stack[kept - 1].Name == "rtc"))
                {
                    kept--;
                }
                break;
        }
        if (tag.Is(TagKind.ClosesParagraph) && FindInScope("p", Scope.Button, kept) is var p and >= 0)
        {
            kept = p;
        }
        if (tag.Is(TagKind.Heading) && kept > 0 && _stack[kept - 1].Tag.Is(TagKind.Heading))
        {
            kept--;
        }
        return kept;
    }

    // The insertion mode, as far as tables go: the nearest element that decides it (the parser's "reset the insertion
    // mode" walk), or null when that is the body, a select or a template, where table tags are not table structure.
    private string? TableMode()
    {
        for (var i = _stack.Count - 1; i >= 0; i--)
        {
            var open = _stack[i];
            if (open.Foreign)
            {
                continue;
            }
            switch (open.Name)
            {
                case "table" or "tbody" or "thead" or "tfoot" or "tr" or "td" or "th" or "caption" or "colgroup":
                    return open.Name;
                case "body" or "html" or "select" or "template":
                    return null;
            }
        }
        return null;
    }

    // Inside a table, cells, rows and sections close what is open down to their parent, which the parser inserts
    // itself when the markup leaves it out (a <td> right in a <table> gets a tbody and a tr, a <col> a colgroup).
    private int TableKept(string name, int table)
    {
        var parents = name switch
        {
            "td" or "th" => (ReadOnlySpan<string>)["tr", "tbody", "thead", "tfoot"],
            "tr" => ["tbody", "thead", "tfoot"],
            _ => [],
        };
        for (var i = _stack.Count - 1; i > table; i--)
        {
            if (parents.Contains(_stack[i].Name) && !_stack[i].Foreign)
            {
                return i + 1;
            }
        }
        return table + 1;
    }

    private void OpenTableParents(string name)
    {
        if (name is not ("td" or "th" or "tr" or "col"))
        {
            return;
        }
        var parent = _stack[^1].Name;
        if (name == "col")
        {
            if (parent == "table")
            {
                Push(new Open(Colgroup, Ns.Html));
            }
            return;
        }
        var section = _stack[^1].Tag.Is(TagKind.TableSection);
        if (parent == "table")
        {
            Push(new Open(Tbody, Ns.Html));
            section = true;
        }
        if (name is "td" or "th" && section)
        {
            Push(new Open(Tr, Ns.Html));
        }
    }

    // The list-item algorithm: a new <li> closes the open one unless a special element other than address, div or p
    // stands between them.
    private int ListItemKept(params ReadOnlySpan<string> names)
    {
        for (var i = _stack.Count - 1; i >= 0; i--)
        {
            var open = _stack[i];
            if (!open.Foreign && names.Contains(open.Name))
            {
                return i;
            }
            if (IsSpecial(open) && open.Name is not ("address" or "div" or "p"))
            {
                break;
            }
        }
        return _stack.Count;
    }

    // Where a breakout start tag or a p/br end tag returns to HTML: below the foreign elements on top of the stack.
    private int ForeignBase()
    {
        var i = _stack.Count;
        while (i > 0 && _stack[i - 1] is { Foreign: true } open && !open.IntegrationPoint)
        {
            i--;
        }
        return i;
    }

    private static bool IsForeignRoot(string name) => name is "svg" or "math";

    private static readonly Tag Colgroup = new("colgroup"), Tbody = new("tbody"), Tr = new("tr");

    private void AnyOtherEnd(string name)
    {
        for (var i = _stack.Count - 1; i >= 0; i--)
        {
            var open = _stack[i];
            if (open.Name == name && !open.Foreign)
            {
                PopTo(i);
                return;
            }
            if (IsSpecial(open))
            {
                return;
            }
        }
    }

    private void PopThrough(int index)
    {
        if (index >= 0)
        {
            PopTo(index);
        }
    }

    // Closing a cell or caption, or an applet, marquee, object or template by its end tag, clears the formatting list back
    // to its last marker; other pops leave stale entries behind that the parser may still re-open, so they clear nothing.
    private void PopAndClear(int length, bool always)
    {
        var clear = always;
        for (var i = Math.Max(length, 2); i < _stack.Count && !clear; i++)
        {
            clear = !_stack[i].Foreign && _stack[i].Name is "td" or "th" or "caption";
        }
        PopTo(length);
        if (clear)
        {
            ClearToMarker();
        }
    }

    /// <summary>Pops the stack down to <paramref name="length"/> elements, never below html and body.</summary>
    private void PopTo(int length)
    {
        length = Math.Max(length, 2);
        while (_stack.Count > length)
        {
            Drop(_stack.Count - 1);
        }
    }

    private void Drop(int index)
    {
        var open = _stack[index];
        _stack.RemoveAt(index);
        _version++;
        if (open.Foreign)
        {
            return;
        }
        if (open.Name == "select")
        {
            _openSelects--;
        }
        if (open.Tag.Is(TagKind.Formatting))
        {
            foreach (var entry in _formatting)
            {
                if (entry?.Element == open)
                {
                    entry.Element = null;
                    _closedFormatting++;
                    break;
                }
            }
        }
    }

    private enum Scope { Default, ListItem, Button, Table, Select }

    private int FindInScope(string name, Scope scope, int below = int.MaxValue)
    {
        for (var i = Math.Min(below, _stack.Count) - 1; i >= 0; i--)
        {
            var open = _stack[i];
            if (open.Name == name && !open.Foreign)
            {
                return i;
            }
            if (IsBoundary(open, scope))
            {
                return -1;
            }
        }
        return -1;
    }

    private int FindHeadingInScope()
    {
        for (var i = _stack.Count - 1; i >= 0; i--)
        {
            if (!_stack[i].Foreign && _stack[i].Tag.Is(TagKind.Heading))
            {
                return i;
            }
            if (IsBoundary(_stack[i], Scope.Default))
            {
                return -1;
            }
        }
        return -1;
    }

    private bool InScope(int index)
    {
        for (var i = _stack.Count - 1; i > index; i--)
        {
            if (IsBoundary(_stack[i], Scope.Default))
            {
                return false;
            }
        }
        return index >= 0;
    }

    private static bool IsBoundary(Open open, Scope scope) => scope switch
    {
        Scope.Table => !open.Foreign && open.Name is "html" or "table" or "template",
        Scope.Select => open.Foreign || open.Name is not ("optgroup" or "option"),
        _ => open.Foreign ? open.ForeignBoundary
            : open.Tag.Is(TagKind.ScopeBoundary)
              || scope == Scope.ListItem && open.Name is "ol" or "ul"
              || scope == Scope.Button && open.Name == "button",
    };

    private static bool IsSpecial(Open open) =>
        open.Foreign ? open.ForeignBoundary : open.Tag.Is(TagKind.Special);
}
