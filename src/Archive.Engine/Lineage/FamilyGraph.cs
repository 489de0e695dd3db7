namespace Archive.Engine.Lineage;

/// <summary>All pairwise comparisons and evidence of a sorted member list, computed once.</summary>
internal sealed class FamilyGraph
{
    // Null for two pages of one host: they are never the same story (LineageRules.IsSameStory), so their texts are not
    // compared. A site's pages resolved together (a site-mates' relink passes all its families at once) were compared
    // pairwise, quadratic in the site's pages, for a result no comparison could change.
    private readonly TextComparison?[,] _comparisons;
    private readonly PairEvidence?[,] _evidence;
    private readonly MemberText?[] _texts;
    private readonly int?[,] _explained;
    private readonly Func<LineageMember, HashSet<long>> _shingles;
    private readonly FamilyTexts _shared = new();

    /// <param name="shingles">A member's whole-text shingles: the ones its comparisons used, so no member is shingled twice.</param>
    public FamilyGraph(IReadOnlyList<LineageMember> sorted, Func<LineageMember, LineageMember, TextComparison> compare,
        Func<LineageMember, HashSet<long>> shingles)
    {
        Members = sorted;
        _shingles = shingles;
        var n = sorted.Count;
        _comparisons = new TextComparison?[n, n];
        _evidence = new PairEvidence?[n, n];
        _texts = new MemberText?[n];
        _explained = new int?[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (LineageRules.SameHost(sorted[i], sorted[j]))
                {
                    continue;
                }
                var comparison = compare(sorted[i], sorted[j]);
                _comparisons[i, j] = comparison;
                _comparisons[j, i] = comparison.Swap();
            }
        }
    }

    public IReadOnlyList<LineageMember> Members { get; }

    /// <summary>The comparison with <paramref name="a"/>'s text as A.</summary>
    public TextComparison Comparison(int a, int b) =>
        _comparisons[a, b] ?? throw new InvalidOperationException("Two pages of one host are never compared: they are never the same story.");

    public bool SameStory(int a, int b) =>
        a != b && _comparisons[a, b] is { } comparison && LineageRules.IsSameStory(Members[a], Members[b], comparison);

    /// <summary>What <paramref name="copy"/> says about <paramref name="source"/>.</summary>
    public PairEvidence Evidence(int copy, int source) =>
        _evidence[copy, source] ??= EvidenceCollector.Collect(Text(copy), Text(source));

    /// <summary>How much of <paramref name="copy"/>'s text <paramref name="source"/>'s page explains (see <see cref="MemberText.Explains"/>).</summary>
    public int Explained(int copy, int source) => _explained[copy, source] ??= Text(source).Explains(Text(copy));

    /// <summary>A member's text in paragraphs, read once per resolution.</summary>
    public MemberText Text(int member) => _texts[member] ??= new MemberText(Members[member], _shingles(Members[member]), _shared);

    /// <summary>What is known of a paragraph of the members' texts (its words folded, its shingles), or null.</summary>
    public ParagraphFacts? Paragraph(string text) => _shared.Known(text);

    /// <summary>Connected components of the same-story relation, each as ascending member indexes.</summary>
    public List<List<int>> Components()
    {
        var n = Members.Count;
        var seen = new bool[n];
        var components = new List<List<int>>();
        for (var start = 0; start < n; start++)
        {
            if (seen[start])
            {
                continue;
            }
            var component = new List<int>();
            var stack = new Stack<int>([start]);
            seen[start] = true;
            while (stack.Count > 0)
            {
                var i = stack.Pop();
                component.Add(i);
                for (var j = 0; j < n; j++)
                {
                    if (!seen[j] && SameStory(i, j))
                    {
                        seen[j] = true;
                        stack.Push(j);
                    }
                }
            }
            if (component.Count > 1)
            {
                component.Sort();
                components.Add(component);
            }
        }
        return components;
    }

    /// <summary>
    /// Members ordered so that every source comes before what copies it: a member whose attribution, links or markup
    /// point at another comes after it; otherwise earlier publication first (an undated page that others name as
    /// their source counts as earliest; one nobody names is placed by its modification time, which bounds its
    /// publication from above, or else last); then the stable URL order. Publish
    /// times decide only where the pages themselves say nothing, and capture times never do.
    /// A claim never outranks an observation: the times of pages uploaded by untrusted keys order those pages among
    /// themselves, and such a page goes before an observed page only if the archive itself received its text before the
    /// time the observed page gives (see <see cref="Next"/>).
    /// </summary>
    public List<int> SourceFirstOrder(List<int> component)
    {
        var pointsAt = component.ToDictionary(
            m => m,
            m => component.Where(s => SameStory(m, s) && Evidence(m, s).Strength >= EvidenceStrength.Name).ToHashSet());
        // A page without a publish date that other members name as their source is taken as published before them.
        var pointedAt = pointsAt.Values.SelectMany(s => s).ToHashSet();
        var remaining = new List<int>(component);
        var order = new List<int>();
        while (remaining.Count > 0)
        {
            var ready = remaining.Where(m => pointsAt[m].All(order.Contains)).ToList();
            // A cycle of pointers (two pages attributing each other) is broken by publish time.
            var next = Next(ready.Count > 0 ? ready : remaining, pointedAt);
            order.Add(next);
            remaining.Remove(next);
        }
        return order;
    }

    /// <summary>The page's own time, as it places the page among pages of the same basis.</summary>
    public DateTimeOffset OwnTime(int m, IReadOnlySet<int> pointedAt) =>
        Members[m].PublishedAt ?? (pointedAt.Contains(m) ? DateTimeOffset.MinValue : Members[m].ModifiedAt ?? DateTimeOffset.MaxValue);

    /// <summary>
    /// The earliest candidate: observed pages by their own times, claims by their claimed times, and between the first of
    /// each, the claim only when the archive first saw its text before the observed page is known to have existed (its
    /// own time, or the archive's first receipt of it: a forger cannot make the archive have received a text earlier
    /// than it did). A merge of two sorted lists, so the order is total
    /// and depends on the members alone.
    /// </summary>
    private int Next(List<int> candidates, IReadOnlySet<int> pointedAt)
    {
        int? First(bool claims) => candidates.Where(m => Members[m].Provenance.IsClaim == claims)
            .OrderBy(m => OwnTime(m, pointedAt)).ThenBy(m => m).Select(m => (int?)m).FirstOrDefault();
        var observed = First(claims: false);
        var claimed = First(claims: true);
        if (observed is not { } o)
        {
            return claimed!.Value;
        }
        if (claimed is not { } c)
        {
            return o;
        }
        return FirstSeen(c) < ObservedBound(o, pointedAt) ? c : o;
    }

    public DateTimeOffset FirstSeen(int m) => Members[m].Provenance.FirstSeen ?? DateTimeOffset.MaxValue;

    /// <summary>When an observed page is known to have existed: its own time, or the archive's first receipt of its text
    /// if that is earlier. An undated page the archive fetched before a claim arrived is not outranked by that claim.</summary>
    public DateTimeOffset ObservedBound(int m, IReadOnlySet<int> pointedAt) =>
        OwnTime(m, pointedAt) < FirstSeen(m) ? OwnTime(m, pointedAt) : FirstSeen(m);
}
