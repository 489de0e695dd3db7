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
    // A word estimated at a few thousand matches is counted over the whole scope, however large the archive.
    [InlineData(500, 10_000_000, 20, null)]
    [InlineData(SearchSlice.CountedUpTo, 100_000, 200, null)]
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
}
