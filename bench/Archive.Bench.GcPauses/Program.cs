using System.Globalization;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Analysis;
using Microsoft.Diagnostics.Tracing.Analysis.GC;
// Every GC of an EventPipe trace (the runtime's GC keyword, level 4: Microsoft-Windows-DotNETRuntime:0x1:4) with its
// generation, type (blocking, background, foreground during a background GC), reason, compaction, pause and suspension,
// summarised by class, and the long ones listed. TraceEvent's GC analysis computes pause (suspension begin to restart
// end) and suspension (suspension begin to end) per GC; a background GC's pause is its foreground phases.
// usage: dotnet run -c Release --project bench/Archive.Bench.GcPauses -- TRACE.nettrace [fromUtc HH:mm:ss] [toUtc HH:mm:ss] [listMs]
// (bench/gc_pauses.sh records one under bench/load.sh.)
var path = args[0];
TimeSpan? from = args.Length > 1 ? TimeSpan.Parse(args[1], CultureInfo.InvariantCulture) : null;
TimeSpan? to = args.Length > 2 ? TimeSpan.Parse(args[2], CultureInfo.InvariantCulture) : null;
double listMs = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 30;
// A folder: every process's trace in it; the one with the most GCs in the window is the service's.
var files = Directory.Exists(path) ? Directory.GetFiles(path, "*.nettrace") : [path];
var best = (File: "", All: new List<(TraceGC Gc, DateTime At)>(), In: new List<(TraceGC Gc, DateTime At)>());
foreach (var file in files)
{
    using var src = new EventPipeEventSource(file);
    src.NeedLoadedDotNetRuntimes();
    src.Process();
    var all = new List<(TraceGC Gc, DateTime At)>();
    foreach (var p in src.Processes())
    {
        var rt = p.LoadedDotNetRuntime();
        if (rt == null) continue;
        all.AddRange(rt.GC.GCs.Select(g => (g, src.SessionStartTime.AddMilliseconds(g.StartRelativeMSec).ToUniversalTime())));
    }
    var inWindow = all.Where(x => (from == null || x.At.TimeOfDay >= from) && (to == null || x.At.TimeOfDay <= to)).ToList();
    if (best.File.Length == 0 || inWindow.Count > best.In.Count) best = (file, all, inWindow);
}
var gcs = best.In.Select(x => x.Gc).ToList();
var at = best.In.ToDictionary(x => x.Gc, x => x.At);
DateTime T(TraceGC g) => at[g];
Console.WriteLine($"{Path.GetFileName(best.File)}: {gcs.Count} GCs of {best.All.Count}; window {(gcs.Count > 0 ? T(gcs[0]).ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) : "")} – {(gcs.Count > 0 ? T(gcs[^1]).ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) : "")}");
static double Pct(List<double> a, double p) { if (a.Count == 0) return double.NaN; a.Sort(); return a[Math.Min(a.Count - 1, (int)(p * a.Count))]; }
string Comp(TraceGC g) => g.GlobalHeapHistory == null ? "?" : ((g.GlobalHeapHistory.GlobalMechanisms & GCGlobalMechanisms.Compaction) != 0 ? "compact" : "sweep");
void Line(string name, IEnumerable<TraceGC> set)
{
    var l = set.ToList(); if (l.Count == 0) return;
    var pause = l.Select(g => g.PauseDurationMSec).ToList();
    var susp = l.Select(g => g.SuspendDurationMSec).ToList();
    var prom = l.Select(g => g.PromotedMB).ToList();
    Console.WriteLine($"{name,-34} n={l.Count,4} pause p50 {Pct(pause,.5),6:F1} p90 {Pct(pause,.9),6:F1} p99 {Pct(pause,.99),6:F1} max {pause.Max(),6:F1} sum {pause.Sum(),7:F0} | suspend p50 {Pct(susp,.5),5:F2} p99 {Pct(susp,.99),6:F1} max {susp.Max(),6:F1} sum {susp.Sum(),6:F0} | promoted MB mean {prom.Average(),5:F2}");
}
Line("all", gcs);
foreach (var grp in gcs.GroupBy(g => $"gen{g.Generation} {g.Type} {Comp(g)}").OrderBy(x => x.Key)) Line(grp.Key, grp);
foreach (var grp in gcs.GroupBy(g => $"  reason {g.Reason}").OrderBy(x => x.Key)) Line(grp.Key, grp);
var bins = new[] { 0, 5, 10, 20, 40, 60, 100, 1e9 };
Console.Write("pause histogram (ms):");
for (int i = 0; i < bins.Length - 1; i++) Console.Write($"  [{bins[i]},{bins[i+1]}) {gcs.Count(g => g.PauseDurationMSec >= bins[i] && g.PauseDurationMSec < bins[i+1])}");
Console.WriteLine();
Console.WriteLine($"GCs with pause >= {listMs} ms:");
foreach (var g in gcs.Where(g => g.PauseDurationMSec >= listMs))
    Console.WriteLine($"  #{g.Number} {T(g):HH:mm:ss.fff} gen{g.Generation} {g.Type} {g.Reason} {Comp(g)} pause {g.PauseDurationMSec:F1} suspend {g.SuspendDurationMSec:F1} gcdur {g.DurationMSec:F1} promoted {g.PromotedMB:F1} MB gen0 {g.GenSizeBeforeMB[(int)Gens.Gen0]:F0}->{g.GenSizeAfterMB(Gens.Gen0):F0} gen1 {g.GenSizeAfterMB(Gens.Gen1):F0} gen2 {g.GenSizeAfterMB(Gens.Gen2):F0} loh {g.GenSizeAfterMB(Gens.GenLargeObj):F0} MB");
var span = gcs.Count > 1 ? (gcs[^1].StartRelativeMSec - gcs[0].StartRelativeMSec) : 0;
Console.WriteLine($"sum of pauses {gcs.Sum(g=>g.PauseDurationMSec):F0} ms, of suspensions {gcs.Sum(g=>g.SuspendDurationMSec):F0} ms over {span/1000:F1} s");
