namespace Archive.Engine.Extraction.Nesting;

// The list of active formatting elements: formatting elements closed by an ancestor's end tag are re-opened before the
// next text, and misnested end tags run the adoption agency.
internal sealed partial class OpenElements
{
    private const int NoahsArk = 3;

    private int ActiveFormatting()
    {
        var count = 0;
        for (var i = _formatting.Count - 1; i >= 0 && _formatting[i] is not null; i--)
        {
            count++;
        }
        return count;
    }

    private void AdoptionAgency(Formatting entry)
    {
        // The adoption agency never deepens the stack: each round moves the formatting element below the nearest
        // special element above it (a clone takes its place), or closes it when there is none. Eight rounds at most.
        for (var round = 0; round < 8; round++)
        {
            if (entry.Element is not { } element)
            {
                Forget(entry);
                return;
            }
            var at = _stack.LastIndexOf(element);
            if (!InScope(at))
            {
                return;
            }
            var furthest = -1;
            for (var i = at + 1; i < _stack.Count; i++)
            {
                if (IsSpecial(_stack[i]))
                {
                    furthest = i;
                    break;
                }
            }
            if (furthest < 0)
            {
                PopTo(at);
                Forget(entry);
                return;
            }
            _stack.RemoveAt(at);
            var clone = new Open(element.Tag, element.Ns);
            _stack.Insert(furthest, clone);
            _version++;
            Created++;
            entry.Element = clone;
        }
    }

    private void AddFormatting(Tag tag, ReadOnlyMemory<char> attributes, Open element)
    {
        var name = tag.Name;
        var same = 0;
        var earliest = -1;
        for (var i = _formatting.Count - 1; i >= 0 && _formatting[i] is { } entry; i--)
        {
            if (entry.Name == name && entry.Attributes.Span.SequenceEqual(attributes.Span))
            {
                same++;
                earliest = i;
            }
        }
        if (same >= NoahsArk)
        {
            Forget(_formatting[earliest]!);
        }
        _formatting.Add(new Formatting(tag, attributes) { Element = element });
    }

    private Formatting? LastFormatting(string name)
    {
        for (var i = _formatting.Count - 1; i >= 0 && _formatting[i] is { } entry; i--)
        {
            if (entry.Name == name)
            {
                return entry;
            }
        }
        return null;
    }

    private void Forget(Formatting entry)
    {
        if (entry.Element is null)
        {
            _closedFormatting--;
        }
        _formatting.Remove(entry);
    }

    private void Reconstruct()
    {
        if (_closedFormatting == 0 || _formatting.Count == 0 || _formatting[^1] is not { Element: null })
        {
            return;
        }
        var first = _formatting.Count - 1;
        while (first > 0 && _formatting[first - 1] is { Element: null })
        {
            first--;
        }
        for (var i = first; i < _formatting.Count; i++)
        {
            var entry = _formatting[i]!;
            entry.Element = new Open(entry.Tag, Ns.Html);
            Push(entry.Element);
            _closedFormatting--;
        }
    }

    private void ClearToMarker()
    {
        while (_formatting.Count > 0)
        {
            var last = _formatting[^1];
            _formatting.RemoveAt(_formatting.Count - 1);
            if (last is null)
            {
                return;
            }
            if (last.Element is null)
            {
                _closedFormatting--;
            }
        }
    }

    private sealed class Formatting(Tag tag, ReadOnlyMemory<char> attributes)
    {
        public Tag Tag { get; } = tag;
        public string Name => Tag.Name;

        /// <summary>The start tag's attributes as written, trimmed (a slice of the page).</summary>
        public ReadOnlyMemory<char> Attributes { get; } = attributes;
        public Open? Element { get; set; }
    }
}
