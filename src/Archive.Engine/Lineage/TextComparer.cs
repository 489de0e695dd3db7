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
        var shared = small.Count(large.Contains);
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

    public static PassageDiff Diff(string canonicalA, string canonicalB)
    {
        var before = Paragraph.Split(canonicalA);
        var after = Paragraph.Split(canonicalB);
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
            removed.AddRange(before.Skip(block.DeleteStartA).Take(block.DeleteCountA));
            inserted.AddRange(after.Skip(block.InsertStartB).Take(block.InsertCountB));
        }

        var moved = new List<string>();
        foreach (var paragraph in removed.ToList())
        {
            var same = inserted.FirstOrDefault(p => p.Key == paragraph.Key);
            if (same is not null)
            {
                moved.Add(same.Text);
                removed.Remove(paragraph);
                inserted.Remove(same);
            }
        }

        var edited = new List<EditedPassage>();
        foreach (var paragraph in removed.ToList())
        {
            var counterpart = inserted
                .Select(p => (Paragraph: p, Overlap: paragraph.Overlap(p)))
                .Where(x => x.Overlap >= EditedParagraphOverlap)
                .OrderByDescending(x => x.Overlap)
                .Select(x => x.Paragraph)
                .FirstOrDefault();
            if (counterpart is not null)
            {
                edited.Add(new EditedPassage(paragraph.Text, counterpart.Text));
                removed.Remove(paragraph);
                inserted.Remove(counterpart);
            }
        }

        return new PassageDiff(
            [.. inserted.Select(p => p.Text)],
            [.. removed.Select(p => p.Text)],
            edited,
            moved);
    }

    private sealed class Paragraph(string text)
    {
        private HashSet<long>? _shingles;

        public string Text { get; } = text;

        // Paragraphs compare by their tokens, so punctuation and case changes alone are not edits.
        public string Key { get; } = Shingles.Tokenize(text) is { Count: > 0 } tokens ? string.Join(' ', tokens) : text;

        private HashSet<long> ShingleSet => _shingles ??= Shingles.HashSet(Text);

        public static List<Paragraph> Split(string canonical) =>
            [.. canonical.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => new Paragraph(p))];

        public double Overlap(Paragraph other)
        {
            var smaller = Math.Min(ShingleSet.Count, other.ShingleSet.Count);
            return smaller == 0 ? 0 : (double)ShingleSet.Count(other.ShingleSet.Contains) / smaller;
        }
    }
}
