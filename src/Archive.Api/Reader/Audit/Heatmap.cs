using Archive.Api.Audit;

namespace Archive.Api.Reader.Audit;

/// <summary>
/// The outlet × outlet matrix as a grid for the page: rows are republishers, columns the outlets they took from, limited to
/// the outlets with the most links so it stays readable; counts binned on a doubling scale (1, 2, 3–4, 5–8 …) so one busy
/// pair does not wash out the rest.
/// </summary>
public sealed class Heatmap
{
    public const int MaxOutlets = 25;

    /// <summary>Upper bound of each bin, 1 to 7 (bin 0 is no link).</summary>
    public static readonly int[] BinTops = [1, 2, 4, 8, 16, 32, int.MaxValue];

    private readonly Dictionary<(Guid, Guid), int> _counts;

    private Heatmap(IReadOnlyList<OutletRef> rows, IReadOnlyList<OutletRef> columns, Dictionary<(Guid, Guid), int> counts, int omitted)
    {
        Rows = rows;
        Columns = columns;
        _counts = counts;
        Omitted = omitted;
    }

    public IReadOnlyList<OutletRef> Rows { get; }
    public IReadOnlyList<OutletRef> Columns { get; }
    /// <summary>Outlets left out of the grid (fewer links than those shown).</summary>
    public int Omitted { get; }

    public int Count(OutletRef row, OutletRef column) => _counts.GetValueOrDefault((Key(row), Key(column)));

    /// <summary>Links whose article has no known outlet are counted under one "unknown outlet".</summary>
    private static Guid Key(OutletRef outlet) => outlet.Id ?? Guid.Empty;

    public static int Bin(int count) => count <= 0 ? 0 : Array.FindIndex(BinTops, top => count <= top) + 1;

    public static string BinLabel(int bin) => bin switch
    {
        1 => "1",
        2 => "2",
        7 => $"{BinTops[5] + 1}+",
        _ => $"{BinTops[bin - 2] + 1}–{BinTops[bin - 1]}",
    };

    public static Heatmap From(AuditMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var involvement = new Dictionary<Guid, int>();
        foreach (var cell in matrix.Cells)
        {
            involvement[Key(cell.Republisher)] = involvement.GetValueOrDefault(Key(cell.Republisher)) + cell.Count;
            involvement[Key(cell.Source)] = involvement.GetValueOrDefault(Key(cell.Source)) + cell.Count;
        }
        var kept = involvement.OrderByDescending(i => i.Value).ThenBy(i => i.Key).Take(MaxOutlets).Select(i => i.Key).ToHashSet();
        var cells = matrix.Cells.Where(c => kept.Contains(Key(c.Republisher)) && kept.Contains(Key(c.Source))).ToList();
        static List<OutletRef> Ordered(IEnumerable<OutletRef> outlets) =>
            [.. outlets.DistinctBy(Key).OrderBy(o => o.Name ?? o.Domain, StringComparer.OrdinalIgnoreCase)];
        return new Heatmap(Ordered(cells.Select(c => c.Republisher)), Ordered(cells.Select(c => c.Source)),
            cells.ToDictionary(c => (Key(c.Republisher), Key(c.Source)), c => c.Count), involvement.Count - kept.Count);
    }
}
