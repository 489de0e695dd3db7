using Archive.Engine.Lineage;

namespace Archive.Engine.Tests.Lineage;

public sealed class TextComparerTests
{
    private static readonly string Original = Stories.Article(seed: 11);
    private static readonly string[] OriginalParagraphs = Stories.Paragraphs(Original);

    [Fact]
    public void A_verbatim_copy_is_identical_in_every_figure()
    {
        var comparison = TextComparer.Compare(Original, Original);

        Assert.Equal(1.0, comparison.Similarity);
        Assert.Equal(1.0, comparison.ContainmentOfAInB);
        Assert.True(comparison.Diff.IsEmpty);
        Assert.True(LineageRules.IsSameStory(comparison));
    }

    [Fact]
    public void An_excerpt_is_wholly_inside_the_original_but_covers_only_part_of_it()
    {
        var excerpt = string.Join('\n', OriginalParagraphs.Take(3));

        var comparison = TextComparer.Compare(Original, excerpt);

        Assert.Equal(1.0, comparison.ContainmentOfBInA, precision: 3);
        Assert.InRange(comparison.ContainmentOfAInB, 0.2, 0.4);
        Assert.True(LineageRules.IsSameStory(comparison));
        Assert.Equal(OriginalParagraphs.Skip(3), comparison.Diff.Dropped);
    }

    [Fact]
    public void Diff_lists_the_commentary_a_copy_added()
    {
        var opinion = "Our view: the council should have listened to the fishermen before it signed this contract.";
        var copy = Original + "\n" + opinion;

        var comparison = TextComparer.Compare(Original, copy);

        Assert.Equal([opinion], comparison.Diff.Added);
        Assert.Empty(comparison.Diff.Dropped);
        Assert.Equal(1.0, comparison.ContainmentOfAInB);
        Assert.True(comparison.ContainmentOfBInA < 1.0);
    }

    [Fact]
    public void Diff_marks_reworded_paragraphs_as_edited_and_swapped_ones_as_moved()
    {
        var edited = OriginalParagraphs.ToArray();
        edited[1] = edited[1].Replace(" the ", " that ", StringComparison.Ordinal) + " Officials declined to comment further.";
        (edited[5], edited[6]) = (edited[6], edited[5]);

        var diff = TextComparer.Compare(Original, string.Join('\n', edited)).Diff;

        var change = Assert.Single(diff.Edited);
        Assert.Equal(OriginalParagraphs[1], change.Before);
        Assert.Single(diff.Moved);
        Assert.Empty(diff.Added);
        Assert.Empty(diff.Dropped);
    }

    [Fact]
    public void An_article_quoting_one_paragraph_of_another_is_not_the_same_story()
    {
        var own = Stories.Paragraphs(Stories.Article(seed: 12, paragraphs: 12));
        var quoting = string.Join('\n', own.Take(6).Append(OriginalParagraphs[4]).Concat(own.Skip(6)));

        var comparison = TextComparer.Compare(Original, quoting);

        Assert.True(comparison.SharedShingles >= LineageRules.MinSharedShingles);
        Assert.True(comparison.SmallerContainment < 0.15);
        Assert.False(LineageRules.IsSameStory(comparison));
    }

    [Fact]
    public void Independent_reports_sharing_a_quote_are_not_the_same_story()
    {
        var quote = "\"We will rebuild the bridge before winter and every resident will be consulted,\" the mayor told reporters.";
        var first = Stories.Article(seed: 13) + "\n" + quote;
        var second = quote + "\n" + Stories.Article(seed: 14);

        Assert.False(LineageRules.IsSameStory(TextComparer.Compare(first, second)));
    }

    [Fact]
    public void Measuring_cached_shingle_sets_gives_the_same_figures_without_a_diff()
    {
        var excerpt = string.Join('\n', OriginalParagraphs.Take(3));

        var measured = TextComparer.Measure(Shingles.HashSet(Original), Shingles.HashSet(excerpt));

        Assert.Equal(TextComparer.Compare(Original, excerpt) with { Diff = PassageDiff.Empty }, measured);
    }

    [Fact]
    public void Swapping_the_sides_swaps_containment_and_diff()
    {
        var excerpt = string.Join('\n', OriginalParagraphs.Take(3));
        var forward = TextComparer.Compare(Original, excerpt);

        var backward = TextComparer.Compare(excerpt, Original);

        Assert.Equal(forward.Swap().ContainmentOfAInB, backward.ContainmentOfAInB);
        Assert.Equal(forward.Swap().Diff.Added, backward.Diff.Added);
    }

    [Fact]
    public void A_long_copy_edited_in_every_paragraph_pairs_each_edit_without_weighing_every_paragraph_against_every_other()
    {
        // A rephrased long copy: every paragraph changed a little. Pairing each removed paragraph with its edited
        // counterpart must cost about one overlap per paragraph, not one per removed-and-inserted pair (80,200 here).
        const int count = 400;
        var original = Stories.Article(seed: 41, paragraphs: count);
        var paragraphs = Stories.Paragraphs(original);
        var copy = string.Join('\n', paragraphs.Select(p => p + " Officials declined to comment."));
        var work = new DiffWork();

        var diff = TextComparer.Diff(original, copy, work);

        Assert.Equal(paragraphs, diff.Edited.Select(e => e.Before));
        Assert.Empty(diff.Added);
        Assert.Empty(diff.Dropped);
        Assert.InRange(work.Overlaps, count, 2 * count);
    }
}
