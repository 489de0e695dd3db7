namespace Archive.Data.Stores;

/// <summary>
/// How much of the newest end of the archive a search reads to find its window (the newest matches a page needs). A query
/// is decided by the GIN index, but learning each match's time means visiting its row; the newest window lies among the
/// newest rows, so only the newest slice of the rows in scope (all articles, or an outlet's, or a time range's) is read: a
/// bitmap of the index's matches and the time index's slice together, then only the rows in both. The slice is sized to
/// hold <see cref="Margin"/> windows by the planner's estimate of how many articles match, and widened from what it held
/// when that was fewer than the window. A query reads the whole scope, and is counted exactly, when it is estimated to
/// match few enough articles (<see cref="CountedUpTo"/>) or when the slice would be half the scope or more.
/// </summary>
public static class SearchSlice
{
    /// <summary>How many windows of matches a slice is sized to hold: the estimate is the planner's, and matches bunch in time.</summary>
    public const double Margin = 2;

    /// <summary>Queries estimated to match up to this many articles are counted: visiting every match's row is then cheap
    /// (see docs/reader.md for the measured cost of a row's visit).</summary>
    public const double CountedUpTo = 2_000;

    /// <summary>The newest rows of the scope to read first, or null to read the whole scope.</summary>
    /// <param name="matches">The planner's estimate of the articles in scope that match.</param>
    /// <param name="scope">The planner's estimate of the articles in scope.</param>
    /// <param name="window">How many of the newest matches the page needs.</param>
    public static long? First(double matches, double scope, int window) =>
        matches <= Math.Max(CountedUpTo, window) ? null : Sized(window * Margin * scope / matches, scope);

    /// <summary>The next slice after one of <paramref name="rows"/> rows held <paramref name="found"/> matches, fewer than the
    /// window: sized from what it held (at least twice as large), or null for the whole scope.</summary>
    public static long? Next(long rows, long found, int window, double scope) =>
        Sized(rows * Math.Max(2, window * Margin / Math.Max(found, 1)), scope);

    private static long? Sized(double rows, double scope) => rows * 2 > scope || rows >= long.MaxValue / 2 ? null : (long)Math.Ceiling(rows);
}
