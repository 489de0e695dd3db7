namespace Archive.Data.Stores;

/// <summary>
/// How much of the newest end of the archive a search reads to find its window (the newest matches a page needs). A query
/// is decided by the GIN index, but learning each match's time means visiting its row; the newest window lies among the
/// newest rows, so only the newest slice of the rows in scope (all articles, or an outlet's, or a time range's) is read: a
/// bitmap of the index's matches and the time index's slice together, then only the rows in both. The slice is sized to
/// hold <see cref="Margin"/> windows by the planner's estimate of how many articles match, and widened from what it held
/// when that was fewer than the window. A query reads the whole scope, and is counted exactly, when that visits fewer pages
/// than the slice would (<see cref="Counted"/>) or when the slice would be half the scope or more.
/// </summary>
public static class SearchSlice
{
    /// <summary>How many windows of matches a slice is sized to hold: the estimate is the planner's, and matches bunch in time.</summary>
    public const double Margin = 2;

    /// <summary>Rows of a slice read for a page's visit: the time index holds 160 entries a page (623 pages for 100,050
    /// articles), and the slice's bound and its bitmap read them twice. Fitted on the 100k bench archive: a slice read the
    /// same pages as a whole read for words in ~1,050 articles (1,166 against 1,152 for 1,052 matches, 1,068 against 1,282
    /// for 1,211).</summary>
    public const double RowsPerPage = 120;

    /// <summary>The newest rows of the scope to read first, or null to read the whole scope.</summary>
    /// <param name="matches">The planner's estimate of the articles in scope that match.</param>
    /// <param name="scope">The planner's estimate of the articles in scope.</param>
    /// <param name="window">How many of the newest matches the page needs.</param>
    public static long? First(double matches, double scope, int window) =>
        Counted(matches, scope, window) ? null : Sized(window * Margin * scope / matches, scope);

    /// <summary>Whether reading the whole scope visits no more pages than reading the slice: the whole scope visits every
    /// match's row (a heap page each: 1,905 matches, 1,638 pages), the slice the rows of the <see cref="Margin"/> windows of
    /// matches it is sized to hold and its index entries twice (its lower bound, then its bitmap). Both read the same GIN
    /// entries. At 100k articles and a window of 200 that counts up to ~1,040 matches: a fixed 2,000 (until search20) read
    /// every row of a word in 1,000-2,000 articles, the third of the table's pages that made the slowest searches.</summary>
    /// <remarks>A query estimated at no more than <see cref="UnknownShare"/> of its scope is counted whatever the window: that
    /// is the planner's estimate of a word its statistics do not list, which may match one article or a hundred times more,
    /// so only a count gives it a total worth showing.</remarks>
    public static bool Counted(double matches, double scope, int window)
    {
        var wanted = window * Margin;
        return matches <= Math.Max(wanted, UnknownShare * scope) || matches <= wanted + 2 * (wanted * scope / matches) / RowsPerPage;
    }

    /// <summary>The share of the rows PostgreSQL estimates a lexeme missing from its statistics to match
    /// (<c>DEFAULT_TS_MATCH_SEL</c>; 500 at 100k articles).</summary>
    public const double UnknownShare = 0.005;

    /// <summary>The next slice after one of <paramref name="rows"/> rows held <paramref name="found"/> matches, fewer than the
    /// window: sized from what it held (at least twice as large), or null for the whole scope.</summary>
    public static long? Next(long rows, long found, int window, double scope) =>
        Sized(rows * Math.Max(2, window * Margin / Math.Max(found, 1)), scope);

    private static long? Sized(double rows, double scope) => rows * 2 > scope || rows >= long.MaxValue / 2 ? null : (long)Math.Ceiling(rows);
}
