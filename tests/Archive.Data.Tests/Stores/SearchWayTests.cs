using Archive.Data.Stores;

namespace Archive.Data.Tests.Stores;

/// <summary>How much of the newest end of the archive a search reads (see <see cref="SearchSlice"/>).</summary>
public sealed class SearchWayTests
{
    [Theory]
    // 100k articles, relevance (the newest 200): a word in 30% of them reads the newest ~1,300 articles' slice, one in half
    // of them ~800; the first page by newest (20) needs a tenth of that.
    [InlineData(30_000, 100_000, 200, 1_334L)]
    [InlineData(50_000, 100_000, 200, 800L)]
    [InlineData(30_000, 100_000, 20, 134L)]
    // A word is counted over the whole scope when visiting each match's row costs no more than the slice: at 100k articles
    // and the window of 200 up to ~1,040 matches; one in 2,000 (counted until search20, 1,600-2,000 pages) reads 20,000 rows.
    [InlineData(900, 100_000, 200, null)]
    [InlineData(2_000, 100_000, 200, 20_000L)]
    // The larger the archive, the longer the slice's index range, and the more a word the statistics do not list may match.
    [InlineData(500, 10_000_000, 20, null)]
    [InlineData(2_000, 1_000_000, 200, null)]
    // So is one whose slice would be half its scope or more (an outlet's 3,000 articles, a word in most of them, paged deep).
    [InlineData(2_500, 3_000, 1_000, null)]
    public void A_slice_is_sized_to_hold_the_window_twice_by_the_estimate(double matches, double scope, int window, long? rows) =>
        Assert.Equal(rows, SearchSlice.First(matches, scope, window));

    [Theory]
    // A slice that held half the window is read four times as large; one that held nearly all of it, twice.
    [InlineData(1_334, 100, 200, 100_000, 5_336L)]
    [InlineData(1_000, 190, 200, 100_000, 2_106L)]
    // One that held nothing, or whose successor would be half the scope, gives way to the whole scope.
    [InlineData(1_334, 0, 200, 100_000, null)]
    [InlineData(20_000, 150, 200, 100_000, null)]
    public void A_slice_that_held_too_few_is_widened_by_what_it_held(long rows, long found, int window, double scope, long? next) =>
        Assert.Equal(next, SearchSlice.Next(rows, found, window, scope));

    [Theory]
    // The break-even of reading every match's row against the slice's windows and index entries (100k articles, the window
    // of 200); and whatever the window, the planner's estimate of a word its statistics do not list, 0.5% of the scope.
    [InlineData(100_000, 200, 1_040, 1_050)]
    [InlineData(100_000, 20, 500, 510)]
    [InlineData(1_000_000, 200, 5_000, 5_100)]
    public void A_word_is_counted_while_its_rows_cost_no_more_than_the_slice(double scope, int window, double counted, double sliced)
    {
        Assert.True(SearchSlice.Counted(counted, scope, window));
        Assert.False(SearchSlice.Counted(sliced, scope, window));
    }
}
