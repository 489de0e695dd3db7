using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Archive.Api.Reader.Articles;

public enum DiffBlockKind
{
    Same,
    Added,
    Removed,
    Changed,
    Gap,
}

/// <summary>A run of words in a changed paragraph: kept, inserted or deleted.</summary>
public sealed record DiffWords(string Text, ChangeType Change);

/// <summary>One paragraph of the comparison (or, for <see cref="DiffBlockKind.Gap"/>, how many unchanged ones are folded).</summary>
public sealed record DiffBlock(DiffBlockKind Kind, string Text, IReadOnlyList<DiffWords> Words, int Folded = 0);

/// <summary>
/// The difference between two versions' clean texts, paragraph by paragraph (DiffPlex), with a word diff inside each changed
/// paragraph. Long unchanged runs are folded to a count with one paragraph of context on each side.
/// </summary>
public static class VersionDiff
{
    /// <summary>Past this many characters on either side, changed paragraphs are shown whole rather than word by word.</summary>
    public const int WordDiffLimit = 200_000;

    public static IReadOnlyList<DiffBlock> Compare(string before, string after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var lines = InlineDiffBuilder.Diff(before, after, ignoreWhiteSpace: false).Lines;
        var words = before.Length <= WordDiffLimit && after.Length <= WordDiffLimit;
        var blocks = new List<DiffBlock>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            // Blank lines between paragraphs are layout, not text.
            if (string.IsNullOrWhiteSpace(line.Text))
            {
                continue;
            }
            if (line.Type == ChangeType.Deleted && words && Next(lines, i) is { Type: ChangeType.Inserted } next)
            {
                var changes = Words(line.Text, next.Line.Text);
                // A paragraph mostly rewritten reads better as the old one removed and the new one added.
                if (changes.Where(w => w.Change == ChangeType.Unchanged).Sum(w => w.Text.Length) * 2 >= Math.Max(line.Text.Length, next.Line.Text.Length))
                {
                    blocks.Add(new DiffBlock(DiffBlockKind.Changed, next.Line.Text, changes));
                }
                else
                {
                    blocks.Add(new DiffBlock(DiffBlockKind.Removed, line.Text, []));
                    blocks.Add(new DiffBlock(DiffBlockKind.Added, next.Line.Text, []));
                }
                i = next.Index;
                continue;
            }
            blocks.Add(line.Type switch
            {
                ChangeType.Inserted => new DiffBlock(DiffBlockKind.Added, line.Text, []),
                ChangeType.Deleted => new DiffBlock(DiffBlockKind.Removed, line.Text, []),
                _ => new DiffBlock(DiffBlockKind.Same, line.Text, []),
            });
        }
        return Fold(blocks);
    }

    private static List<DiffWords> Words(string before, string after)
    {
        var diff = Differ.Instance.CreateDiffs(before, after, ignoreWhiteSpace: false, ignoreCase: false, new WordChunker());
        var result = new List<DiffWords>();
        var at = 0;
        foreach (var block in diff.DiffBlocks)
        {
            if (block.InsertStartB > at)
            {
                result.Add(new DiffWords(Join(diff.PiecesNew, at, block.InsertStartB - at), ChangeType.Unchanged));
            }
            if (block.DeleteCountA > 0)
            {
                result.Add(new DiffWords(Join(diff.PiecesOld, block.DeleteStartA, block.DeleteCountA),
                    ChangeType.Deleted));
            }
            if (block.InsertCountB > 0)
            {
                result.Add(new DiffWords(Join(diff.PiecesNew, block.InsertStartB, block.InsertCountB),
                    ChangeType.Inserted));
            }
            at = block.InsertStartB + block.InsertCountB;
        }
        if (at < diff.PiecesNew.Count)
        {
            result.Add(new DiffWords(Join(diff.PiecesNew, at, diff.PiecesNew.Count - at), ChangeType.Unchanged));
        }
        return result;
    }

    /// <summary>The next line that is not blank.</summary>
    private static (DiffPiece Line, int Index, ChangeType Type)? Next(List<DiffPiece> lines, int i)
    {
        for (var j = i + 1; j < lines.Count; j++)
        {
            if (!string.IsNullOrWhiteSpace(lines[j].Text))
            {
                return (lines[j], j, lines[j].Type);
            }
        }
        return null;
    }

    private static string Join(IEnumerable<string> pieces, int start, int count) => string.Concat(pieces.Skip(start).Take(count));

    private static List<DiffBlock> Fold(List<DiffBlock> blocks)
    {
        var keep = new bool[blocks.Count];
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i].Kind != DiffBlockKind.Same)
            {
                for (var j = Math.Max(0, i - 1); j <= Math.Min(blocks.Count - 1, i + 1); j++)
                {
                    keep[j] = true;
                }
            }
        }
        var folded = new List<DiffBlock>();
        var run = 0;
        for (var i = 0; i < blocks.Count; i++)
        {
            if (keep[i])
            {
                if (run > 0)
                {
                    folded.Add(new DiffBlock(DiffBlockKind.Gap, "", [], run));
                    run = 0;
                }
                folded.Add(blocks[i]);
            }
            else
            {
                run++;
            }
        }
        if (run > 0)
        {
            folded.Add(new DiffBlock(DiffBlockKind.Gap, "", [], run));
        }
        return folded;
    }
}
