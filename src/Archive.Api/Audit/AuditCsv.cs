using System.Globalization;
using System.Text;
using Archive.Api.Extensions;

namespace Archive.Api.Audit;

/// <summary>The audit views as CSV for a desk's spreadsheet: one row per cell, every field through <see cref="CsvCells"/>.</summary>
internal static class AuditCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>One row per (republisher, source) pair with its count, largest first.</summary>
    public static byte[] Matrix(AuditMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var csv = new StringBuilder("republisher_id,republisher,republisher_domain,source_id,source,source_domain,count\n");
        foreach (var cell in matrix.Cells)
        {
            Row(csv, [.. Outlet(cell.Republisher), .. Outlet(cell.Source), Count(cell.Count)]);
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>One row per outlet the publisher took from (<c>republished-from</c>) or that took from it (<c>republished-by</c>),
    /// per kind of reuse.</summary>
    public static byte[] Publisher(PublisherAudit audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var csv = new StringBuilder("publisher_id,publisher,publisher_domain,direction,other_id,other,other_domain,kind,count\n");
        foreach (var (direction, counts) in new[] { ("republished-from", audit.RepublishedFrom), ("republished-by", audit.RepublishedBy) })
        {
            foreach (var other in counts)
            {
                foreach (var (kind, count) in other.Kinds.OrderBy(k => k.Key, StringComparer.Ordinal))
                {
                    Row(csv, [.. Outlet(audit.Publisher), direction, .. Outlet(other.Publisher), kind, Count(count)]);
                }
            }
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static string?[] Outlet(OutletRef outlet) => [outlet.Id?.ToString(), outlet.Name, outlet.Domain];

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    private static void Row(StringBuilder csv, IEnumerable<string?> fields) => csv.AppendJoin(',', fields.Select(CsvCells.Field)).Append('\n');
}
