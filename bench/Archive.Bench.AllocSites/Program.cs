using System.Globalization;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;
// Where a process allocates, from the GC's allocation ticks (one per ~100 KB allocated on a heap, its type the object that
// crossed the mark; Microsoft-Windows-DotNETRuntime:0x1:5 with stacks): small and large object heap apart, by type and by
// the first frames of our code or AngleSharp's above the allocation, and the GCs' promoted bytes by generation.
// usage: dotnet run -c Release --project bench/Archive.Bench.AllocSites -- TRACE-or-FOLDER [fromUtc HH:mm:ss] [toUtc HH:mm:ss] [top] [uploads]
// (bench/alloc_sites.sh records one under bench/load.sh.) A folder: the trace with the most allocation ticks in the window.
var path = args[0];
TimeSpan? from = args.Length > 1 ? TimeSpan.Parse(args[1], CultureInfo.InvariantCulture) : null;
TimeSpan? to = args.Length > 2 ? TimeSpan.Parse(args[2], CultureInfo.InvariantCulture) : null;
var top = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 25;
// The uploads in the window (bench/load.sh's count), for KiB per upload beside MB/s; 0 or absent prints none.
var uploads = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 0;
var files = Directory.Exists(path) ? Directory.GetFiles(path, "*.nettrace") : [path];
// The service's trace is the largest one.
var file = files.OrderByDescending(f => new FileInfo(f).Length).First();
var etlx = TraceLog.CreateFromEventPipeDataFile(file);
using var log = new TraceLog(etlx);
bool In(TraceEvent e) { var t = e.TimeStamp.ToUniversalTime().TimeOfDay; return (from == null || t >= from) && (to == null || t <= to); }
var bytes = new Dictionary<(string Kind, string Key), double>();
var ticks = new Dictionary<string, int>();
double seconds = 0; DateTime? first = null, last = null;
void Add(string kind, string key, double amount) => bytes[(kind, key)] = bytes.GetValueOrDefault((kind, key)) + amount;
string Frames(TraceCallStack? stack, int n)
{
    var frames = new List<string>();
    for (var s = stack; s != null && frames.Count < n; s = s.Caller)
    {
        var name = s.CodeAddress.FullMethodName;
        if (string.IsNullOrEmpty(name)) continue;
        if (name.StartsWith("Archive.", StringComparison.Ordinal) || name.StartsWith("AngleSharp.", StringComparison.Ordinal)
            || name.StartsWith("System.Text.Json", StringComparison.Ordinal) || name.StartsWith("Npgsql", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            || frames.Count == 0)
        {
            var paren = name.IndexOf('(');
            frames.Add(paren > 0 ? name[..paren] : name);
        }
    }
    return string.Join(" < ", frames);
}
// The upload's stage an allocation belongs to: the first marker found on its stack, in this order.
(string Marker, string Stage)[] stages =
[
    ("Archive.Engine.PageProcessor.Process", "extraction (engine)"),
    ("Archive.Engine.Decoding.HtmlDecoder", "decode"),
    ("Archive.Api.Lineage.", "lineage"),
    ("Archive.Data.Stores.Lineage", "lineage"),
    ("Archive.Api.Log.", "log"),
    ("Archive.Data.Stores.Log", "log"),
    ("Archive.Api.Search.", "search indexer"),
    ("Archive.Api.Ingestion.CaptureIngestor", "store"),
    ("Archive.Data.Stores.CaptureStore", "store"),
    ("Archive.Api.Articles.", "answer (read, build)"),
    ("Utf8JsonWriter", "answer (JSON write)"),
    ("JsonSerializer.Serialize", "answer (JSON write)"),
    ("Archive.Api.Captures.UploadedPage", "request (page bytes)"),
    ("System.Text.Json", "request (JSON bind)"),
    ("Microsoft.AspNetCore.Http.HttpRequestJsonExtensions", "request (JSON bind)"),
    ("Archive.Api.Captures.WholeJsonBody", "request (body read)"),
    ("Archive.Api.", "other service code"),
    ("Npgsql", "database client, other"),
    ("Microsoft.EntityFrameworkCore", "database client, other"),
    ("Microsoft.AspNetCore", "ASP.NET Core, other"),
];
string Stage(TraceCallStack? stack)
{
    var names = new List<string>();
    for (var s = stack; s != null; s = s.Caller) names.Add(s.CodeAddress.FullMethodName ?? "");
    foreach (var (marker, stage) in stages)
        if (names.Any(n => n.Contains(marker, StringComparison.Ordinal))) return stage;
    return "other";
}
var promoted = new Dictionary<int, (int N, double Bytes)>();
foreach (var e in log.Events)
{
    if (!In(e)) continue;
    if (e is GCAllocationTickTraceData a)
    {
        first ??= e.TimeStamp; last = e.TimeStamp;
        var kind = a.AllocationKind == GCAllocationKind.Large ? "LOH" : a.AllocationKind == GCAllocationKind.Pinned ? "POH" : "SOH";
        double amount = a.AllocationAmount64 > 0 ? a.AllocationAmount64 : a.AllocationAmount;
        ticks[kind] = ticks.GetValueOrDefault(kind) + 1;
        Add(kind, "total", amount);
        Add(kind + " type", a.TypeName ?? "?", amount);
        var stack = e.CallStack();
        Add(kind + " site", (a.TypeName ?? "?") + " @ " + Frames(stack, 4), amount);
        Add(kind + " stage", Stage(stack), amount);
    }
    else if (e is GCHeapStatsTraceData h)
    {
        // The GC that just ended: its condemned generation is the deepest one whose promoted size is set.
        var gen = h.TotalPromotedSize2 > 0 ? 2 : h.TotalPromotedSize1 > 0 ? 1 : 0;
        var p = promoted.GetValueOrDefault(gen);
        promoted[gen] = (p.N + 1, p.Bytes + h.TotalPromotedSize0 + h.TotalPromotedSize1 + h.TotalPromotedSize2 + h.TotalPromotedSize3 + h.TotalPromotedSize4);
    }
}
seconds = first is null ? 0 : (last!.Value - first.Value).TotalSeconds;
Console.WriteLine($"{Path.GetFileName(file)}: {seconds:F1} s of allocation ticks {string.Join(", ", ticks.Select(t => $"{t.Key} {t.Value}"))}");
foreach (var kind in new[] { "SOH", "LOH", "POH" })
{
    var total = bytes.GetValueOrDefault((kind, "total"));
    if (total == 0) continue;
    string PerUpload(double v) => uploads > 0 ? $" {v / 1024 / uploads,7:F1} KiB/upload" : "";
    Console.WriteLine($"== {kind}: {total / 1048576 / seconds:F1} MB/s{PerUpload(total)}");
    foreach (var group in new[] { " stage", " type", " site" })
    {
        Console.WriteLine($"-- by{group}");
        foreach (var (key, v) in bytes.Where(b => b.Key.Kind == kind + group).OrderByDescending(b => b.Value).Take(top).Select(b => (b.Key.Key, b.Value)))
            Console.WriteLine($"  {v / total * 100,5:F1}% {v / 1048576 / seconds,6:F2} MB/s{PerUpload(v)}  {key}");
    }
}
Console.WriteLine("promoted per GC (GCHeapStats, all generations' promoted sizes):");
foreach (var (gen, p) in promoted.OrderBy(p => p.Key))
    Console.WriteLine($"  gen{gen} GCs {p.N}: mean {p.Bytes / p.N / 1048576:F2} MB");
