using System.Globalization;

namespace Archive.Bench.Scale;

internal static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Stage(StageResult r)
    {
        if (r.Plan is not null)
        {
            Console.WriteLine($"  EXPLAIN (ANALYZE, BUFFERS) of one near-duplicate lookup at {r.Size:N0} articles ({r.Lookup.P50:F2} ms p50 above):");
            foreach (var line in r.Plan.Split('\n'))
            {
                Console.WriteLine("    " + line);
            }
        }
        Console.WriteLine($"  stage took {r.StageSeconds / 60:F1} min");
    }

    public static void Table(IReadOnlyList<StageResult> results, Options options, IReadOnlyList<string> notes)
    {
        Console.WriteLine();
        Console.WriteLine("MEASURED");
        Console.WriteLine("| articles | key rows | keys/article | table MB | indexes MB (pk) | bulk gen+fingerprint+COPY | index build | VACUUM ANALYZE | ingest articles/s | ingest db ms/article | ingest p99 ms | lookup p50 ms | lookup p99 ms | lookup max ms | candidates mean / max | near-dup recall |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(Inv,
                $"| {r.Size:N0} | {r.KeyRows:N0} | {(double)r.KeyRows / r.Size:F1} | {Mb(r.TableBytes)} | {Mb(r.IndexBytes)} ({Mb(r.PkBytes)}) | {r.LoadSeconds:F1} s ({r.LoadedArticles / r.LoadSeconds:F0}/s) | {r.IndexSeconds:F1} s | {r.VacuumSeconds:F1} s | {r.Batch / r.IngestSeconds:F0} | {r.DbSeconds * 1000 / r.Batch:F2} | {r.IngestP99Ms:F2} | {r.Lookup.P50:F2} | {r.Lookup.P99:F2} | {r.Lookup.Max:F2} | {r.Lookup.MeanCandidates:F2} / {r.Lookup.MaxCandidates} | {r.Lookup.DuplicateRecall:P1} |"));
        }
        Console.WriteLine();
        Console.WriteLine($"MEASURED, same probes with a stop-list (keys held by more than {options.StopThreshold:N0} articles removed from the probe's keys before the same SQL)");
        Console.WriteLine("| articles | keys held by >100 articles | stop-listed keys | most articles on one key | lookup p50 ms | lookup p99 ms | lookup max ms | candidates mean / max | near-dup recall |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var s = r.StopListed;
            Console.WriteLine(string.Create(Inv,
                $"| {r.Size:N0} | {r.KeysOver100:N0} | {r.StopKeys:N0} | {r.MostCommonKey:N0} | {s.P50:F2} | {s.P99:F2} | {s.Max:F2} | {s.MeanCandidates:F2} / {s.MaxCandidates} | {s.DuplicateRecall:P1} |"));
        }
        var missing = options.Sizes.Where(size => results.All(r => r.Size != size)).ToList();
        if (missing.Count > 0 && results.Count >= 2)
        {
            var a = results[^2];
            var b = results[^1];
            Console.WriteLine();
            Console.WriteLine($"EXTRAPOLATED, NOT MEASURED: rows and sizes in proportion to {b.Size:N0}; lookup p99 and ingest rate on a line in log10(articles) through {a.Size:N0} and {b.Size:N0}");
            Console.WriteLine("| articles | key rows | table MB | indexes MB | ingest articles/s | lookup p99 ms |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
            foreach (var size in missing)
            {
                var scale = (double)size / b.Size;
                var t = (Math.Log10(size) - Math.Log10(a.Size)) / (Math.Log10(b.Size) - Math.Log10(a.Size));
                var rate = Lerp(a.Batch / a.IngestSeconds, b.Batch / b.IngestSeconds, t);
                var p99 = Lerp(a.Lookup.P99, b.Lookup.P99, t);
                Console.WriteLine(string.Create(Inv,
                    $"| {size:N0} (extrapolated) | ~{b.KeyRows * scale:N0} | ~{Mb((long)(b.TableBytes * scale))} | ~{Mb((long)(b.IndexBytes * scale))} | ~{rate:F0} | ~{p99:F2} |"));
            }
        }
        Console.WriteLine();
        Console.WriteLine("notes:");
        foreach (var note in notes)
        {
            Console.WriteLine("- " + note);
        }
        Console.WriteLine("- bulk load: fingerprint_keys indexes dropped and rebuilt around a binary COPY, FK triggers off (session_replication_role=replica) and synchronous_commit=off in the load session only, maintenance_work_mem=2GB, then VACUUM (ANALYZE)");
        Console.WriteLine("- ingest: one article at a time on one connection, as LineageService: Fingerprinter.Compute, own transaction, advisory lock, DELETE keys, INSERT unnest keys, candidate SQL, COMMIT (synchronous_commit on); TextComparer confirmation and family re-resolution not included");
        Console.WriteLine($"- lookups: {options.Probes:N0} probes per size (half near-duplicates of random corpus articles, half new texts), 100 warm-up probes first; latency is client-side round trip of the exact candidate SQL");
    }

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("N0", Inv);

    private static double Lerp(double a, double b, double t) => a + (b - a) * t;
}
