using AngleSharp.Dom;
using Archive.Engine.Extraction.Content;

namespace Archive.Engine.Extraction.Scoring;

/// <summary>
/// Per-page facts about elements that many blocks ask for, each worked out once: which tags and heuristic verdicts sit
/// above an element, its class/id families and microdata, and how it repeats among its siblings. Every walk here is
/// one pass or cached per element, so a page of thousands of blocks costs no more per block than a small one.
/// </summary>
internal sealed class TreeContext
{
    public const int PickedBit = 1 << 9;
    public const int MediaBit = 1 << 10;

    private readonly Dictionary<IElement, (int Context, int Depth)> _ancestry;
    private readonly Dictionary<IElement, (int Names, int Items)> _marks = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<IElement, Dictionary<(string, string), Group>> _byClass = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<IElement, Dictionary<(string, string), Group>> _byFirstClass = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<IElement, Group> _sameClass = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<IElement, Group> _sameKind = new(ReferenceEqualityComparer.Instance);
    private readonly DocumentStatistics _stats;

    /// <summary>Siblings of one kind under one parent: how many, and the text and link text they hold together.</summary>
    public readonly record struct Group(int Count, int Text, int LinkText);

    public TreeContext(PageContext page)
    {
        _stats = page.Stats;
        // Every element of the body gets its entry: made at that size rather than grown.
        _ancestry = new(_stats.Elements, ReferenceEqualityComparer.Instance);
        // Iterative, so a page nested thousands deep costs one pass, not one walk per block.
        var stack = new Stack<(IElement Element, int Context, int Depth)>();
        stack.Push((page.Body, page.Picked.Contains(page.Body) ? PickedBit : 0, 0));
        while (stack.Count > 0)
        {
            var (element, context, depth) = stack.Pop();
            _ancestry[element] = (context, depth);
            foreach (var child in element.ElementChildren())
            {
                var own = TagBit(child.LocalName) | (page.Picked.Contains(child) ? PickedBit : 0) | (page.MediaBoxes.Contains(child) ? MediaBit : 0);
                stack.Push((child, context | own, depth + 1));
            }
        }
    }

    /// <summary>Bits of the tags (<see cref="TagBit"/>) and verdicts above the element, at any depth; and its depth.</summary>
    public (int Context, int Depth) Ancestry(IElement element) => _ancestry.TryGetValue(element, out var known) ? known : (0, 0);

    public static int TagBit(string tag) => tag switch
    {
        "a" => 1,
        "li" => 1 << 1,
        "table" => 1 << 2,
        "main" => 1 << 3,
        "article" => 1 << 4,
        "section" => 1 << 5,
        "header" => 1 << 6,
        "form" => 1 << 7,
        "dl" => 1 << 8,
        _ => 0,
    };

    /// <summary>The element's class/id families (<see cref="NameGroups"/>) and microdata families (<see cref="Microdata"/>).</summary>
    public (int Names, int Items) Marks(IElement element)
    {
        if (_marks.TryGetValue(element, out var marks))
        {
            return marks;
        }
        marks = (NameGroups.Mask(NameGroups.Names(element)), Microdata.Mask(element));
        _marks[element] = marks;
        return marks;
    }

    /// <summary>The siblings (itself included) with the element's tag and whole class attribute.</summary>
    public Group SameClass(IElement element) => Remembered(element, _sameClass, _byClass, firstClassOnly: false);

    /// <summary>
    /// The siblings (itself included) with the element's tag and first class word: cards, posts and rows repeat,
    /// though state classes ("is-active", "sale") vary between them.
    /// </summary>
    public Group SameKind(IElement element) => Remembered(element, _sameKind, _byFirstClass, firstClassOnly: true);

    // Blocks share ancestors, so each element's answer is kept rather than its kind worked out again per block.
    private Group Remembered(IElement element, Dictionary<IElement, Group> known,
        Dictionary<IElement, Dictionary<(string, string), Group>> cache, bool firstClassOnly)
    {
        if (!known.TryGetValue(element, out var group))
        {
            group = Siblings(element, cache, firstClassOnly);
            known[element] = group;
        }
        return group;
    }

    // Counted once per parent, since a list of thousands of rows would otherwise be walked once per row.
    private Group Siblings(IElement element, Dictionary<IElement, Dictionary<(string, string), Group>> cache, bool firstClassOnly)
    {
        if (element.ParentElement is not { } parent)
        {
            return default;
        }
        if (!cache.TryGetValue(parent, out var groups))
        {
            groups = [];
            foreach (var sibling in parent.ElementChildren())
            {
                var key = Kind(sibling, firstClassOnly);
                var stats = _stats[sibling];
                var group = groups.GetValueOrDefault(key);
                groups[key] = new Group(group.Count + 1, group.Text + stats.Text, group.LinkText + stats.LinkText);
            }
            cache[parent] = groups;
        }
        return groups.GetValueOrDefault(Kind(element, firstClassOnly));
    }

    private static (string, string) Kind(IElement element, bool firstClassOnly)
    {
        var cls = element.Attribute("class") ?? string.Empty;
        if (firstClassOnly)
        {
            cls = cls.Trim();
            var space = cls.AsSpan().IndexOfAny(' ', '\t', '\n');
            cls = space < 0 ? cls : cls[..space];
        }
        return (element.LocalName, cls);
    }
}
