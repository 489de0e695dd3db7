using Archive.Data.Stores;

namespace Archive.Api.Tests.Search;

/// <summary>The bitmap scan of every match unless walking the time index reads less (see <see cref="SearchStore.IsBroad"/>).</summary>
public sealed class SearchWayTests
{
    [Theory]
    // 100k articles, relevance (the newest 200 ranked): a word in 15% of them is read through the index (15,000 row visits
    // against ~1,300 vectors); one in half of them is walked (~400 vectors against 50,000 visits).
    [InlineData(15_000, 100_000, 200, false)]
    [InlineData(25_000, 100_000, 200, false)]
    [InlineData(50_000, 100_000, 200, true)]
    // The first page by newest needs 20 matches: the walk pays off sooner.
    [InlineData(15_000, 100_000, 20, true)]
    [InlineData(5_000, 100_000, 20, false)]
    // A rare word is never walked, however large the archive.
    [InlineData(500, 10_000_000, 20, false)]
    public void The_way_that_reads_less_is_taken(double matches, double rows, int window, bool walk) =>
        Assert.Equal(walk, SearchStore.IsBroad(matches, rows, window));
}
