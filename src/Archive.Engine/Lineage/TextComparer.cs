using DiffPlex;
using DiffPlex.Chunkers;

namespace Archive.Engine.Lineage;

/// <summary>Confirms a candidate pair on the texts themselves: shingle-set similarity, containment both ways and a
/// paragraph-level diff.</summary>
public static class TextComparer
{
    /// <summary>Shingle overlap (of the smaller paragraph) above which a removed and an added paragraph are one edited
    /// paragraph rather than a drop and an addition.</summary>
    private const double EditedParagraphOverlap = 0.5;

    /// <summary>The figures and the diff of B relative to A.</summary>
    public static TextComparison Compare(string canonicalA, string canonicalB)
    {
        ArgumentNullException.ThrowIfNull(canonicalA);
        ArgumentNullException.ThrowIfNull(canonicalB);
        return Measure(Shingles.HashSet(canonicalA), Shingles.HashSet(canonicalB)) with { Diff = Diff(canonicalA, canonicalB) };
    }

    /// <summary>The figures alone (an empty diff), from shingle sets a caller may keep between comparisons: enough to
    /// decide <see cref="LineageRules.IsSameStory"/> and to resolve a family, whose links get their diffs afterwards.</summary>
    public static TextComparison Measure(IReadOnlySet<long> a, IReadOnlySet<long> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var shared = small is HashSet<long> smallSet && large is HashSet<long> largeSet ? Shingles.CountIn(smallSet, largeSet) : small.Count(large.Contains);
        var union = a.Count + b.Count - shared;
        return new TextComparison(
            union == 0 ? 0 : (double)shared / union,
            a.Count == 0 ? 0 : (double)shared / a.Count,
            b.Count == 0 ? 0 : (double)shared / b.Count,
            shared,
            a.Count,
            b.Count,
            PassageDiff.Empty);
    }

    public static PassageDiff Diff(string canonicalA, string canonicalB) => Diff(canonicalA, canonicalB, null);

    /// <param name="work">Counts the paragraph pairs whose overlap was computed, for tests that bound the work.</param>
    internal static PassageDiff Diff(string canonicalA, string canonicalB, DiffWork? work) => Diff(canonicalA, canonicalB, work, null);

    /// <param name="known">A paragraph's folded form and shingles where the caller worked them out already (a family's
    /// resolution, <see cref="FamilyTexts"/>), else null.</param>
    internal static PassageDiff Diff(string canonicalA, string canonicalB, DiffWork? work, Func<string, ParagraphFacts?>? known)
    {
        ArgumentNullException.ThrowIfNull(canonicalA);
        ArgumentNullException.ThrowIfNull(canonicalB);
        if (string.Equals(canonicalA, canonicalB, StringComparison.Ordinal))
        {
            // A verbatim copy (syndicated news, a page uploaded again under another URL): no paragraph can differ.
            return new PassageDiff([], [], [], []);
        }
        var before = Paragraph.Split(canonicalA, known);
        var after = Paragraph.Split(canonicalB, known);
        var result = Differ.Instance.CreateDiffs(
            string.Join('\n', before.Select(p => p.Key)),
            string.Join('\n', after.Select(p => p.Key)),
            ignoreWhiteSpace: false,
            ignoreCase: false,
            new LineChunker());

        var removed = new List<Paragraph>();
        var inserted = new List<Paragraph>();
        foreach (var block in result.DiffBlocks)
        {
            removed.AddRange(Slice(before, block.DeleteStartA, block.DeleteCountA));
            inserted.AddRange(Slice(after, block.InsertStartB, block.InsertCountB));
        }

        // Pairings are decided in the removed paragraphs' order, each taking the first (or the most overlapping) inserted
        // paragraph still unpaired. Looked up through indexes rather than by scanning every inserted paragraph for every
        // removed one: a long copy edited throughout (a rephrased wire story) has hundreds of each.
        var removedUsed = new bool[removed.Count];
        var insertedUsed = new bool[inserted.Count];
        var moved = new List<string>();
        var byKey = new Dictionary<string, Queue<int>>(StringComparer.Ordinal);
        for (var j = 0; j < inserted.Count; j++)
        {
            (byKey.TryGetValue(inserted[j].Key, out var same) ? same : byKey[inserted[j].Key] = new Queue<int>()).Enqueue(j);
        }
        for (var i = 0; i < removed.Count; i++)
        {
            if (byKey.TryGetValue(removed[i].Key, out var same) && same.TryDequeue(out var j))
            {
                moved.Add(inserted[j].Text);
                removedUsed[i] = insertedUsed[j] = true;
            }
        }

        var edited = new List<EditedPassage>();
        var counterparts = new EditedCounterparts(inserted, insertedUsed, work);
        for (var i = 0; i < removed.Count; i++)
        {
            if (!removedUsed[i] && counterparts.Best(removed[i]) is { } j)
            {
                edited.Add(new EditedPassage(removed[i].Text, inserted[j].Text));
                removedUsed[i] = insertedUsed[j] = true;
            }
        }

        return new PassageDiff(
            [.. inserted.Where((_, j) => !insertedUsed[j]).Select(p => p.Text)],
            [.. removed.Where((_, i) => !removedUsed[i]).Select(p => p.Text)],
            edited,
            moved);
    }

    /// <summary>The paragraphs <c>Skip(start).Take(count)</c> gives, without walking the list from its start per block.</summary>
    private static IEnumerable<Paragraph> Slice(List<Paragraph> paragraphs, int start, int count)
    {
        for (var i = Math.Max(start, 0); i < Math.Min(start + count, paragraphs.Count); i++)
        {
            yield return paragraphs[i];
        }
    }

    /// <summary>
    /// Finds an edited paragraph's counterpart among the inserted ones: the unpaired paragraph of highest overlap (at least
    /// <see cref="EditedParagraphOverlap"/>), the earliest on a tie. Only paragraphs sharing a shingle with it can overlap,
    /// so the shared counts come from an index of the inserted paragraphs' shingles: the work is the shingles the two sides
    /// share, not every removed paragraph times every inserted one.
    /// </summary>
    private sealed class EditedCounterparts
    {
        private readonly List<Paragraph> _inserted;
        private readonly bool[] _used;
        private readonly DiffWork? _work;
        private readonly Dictionary<long, List<int>> _holders = [];
        private readonly Dictionary<int, int> _shared = [];

        public EditedCounterparts(List<Paragraph> inserted, bool[] used, DiffWork? work)
        {
            (_inserted, _used, _work) = (inserted, used, work);
            for (var j = 0; j < inserted.Count; j++)
            {
                if (used[j])
                {
                    continue;
                }
                foreach (var shingle in inserted[j].ShingleSet)
                {
                    (_holders.TryGetValue(shingle, out var holders) ? holders : _holders[shingle] = []).Add(j);
                }
            }
        }

        public int? Best(Paragraph removed)
        {
            _shared.Clear();
            foreach (var shingle in removed.ShingleSet)
            {
                if (_holders.TryGetValue(shingle, out var holders))
                {
                    foreach (var j in holders)
                    {
                        if (!_used[j])
                        {
                            _shared[j] = _shared.GetValueOrDefault(j) + 1;
                        }
                    }
                }
            }
            int? best = null;
            var bestOverlap = 0.0;
            foreach (var (j, shared) in _shared)
            {
                if (_work is not null)
                {
                    _work.Overlaps++;
                }
                var overlap = removed.Overlap(_inserted[j], shared);
                if (overlap >= EditedParagraphOverlap && (best is null || overlap > bestOverlap || overlap == bestOverlap && j < best))
                {
                    (best, bestOverlap) = (j, overlap);
                }
            }
            return best;
        }
    }

    private sealed class Paragraph(string text, ParagraphFacts? facts)
    {
        private HashSet<long>? _shingles = facts?.Shingles;

        public string Text { get; } = text;

        // Paragraphs compare by their tokens, so punctuation and case changes alone are not edits.
        public string Key { get; } = (facts?.Folded ?? Shingles.Folded(text)) is { Length: > 0 } folded ? folded : text;

        public HashSet<long> ShingleSet => _shingles ??= Shingles.HashSet(Text);

        public static List<Paragraph> Split(string canonical, Func<string, ParagraphFacts?>? known) =>
            [.. canonical.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => new Paragraph(p, known?.Invoke(p)))];

        /// <summary>The share of the smaller paragraph's shingles the two share (<paramref name="shared"/> of them).</summary>
        public double Overlap(Paragraph other, int shared)
        {
            var smaller = Math.Min(ShingleSet.Count, other.ShingleSet.Count);
            return smaller == 0 ? 0 : (double)shared / smaller;
        }
    }
}

/// <summary>Work a diff did, counted for tests that bound it by the texts' length.</summary>
internal sealed class DiffWork
{
    /// <summary>Pairs of a removed and an inserted paragraph whose overlap was computed.</summary>
    public long Overlaps { get; set; }
}
