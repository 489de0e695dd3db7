using System.Globalization;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;
// Bytes allocated by type and by allocating site, from an EventPipe trace of the runtime's allocation ticks with stacks
// (Microsoft-Windows-DotNETRuntime:0x19:5: GC verbose for GCAllocationTick, one tick per ~100 KiB; loader and JIT for the
// method names). Divided by PAGES (page-passes), so `archive extract --timings`' two passes over N pages give 2N.
// A site is the innermost frame of the repository's code (Archive.*); with FRAME, only ticks whose stack holds a frame
// containing that text are counted (PageProcessor.Process: what the engine allocates, not the CLI's reading).
// usage: dotnet run -c Release --project bench/Archive.Bench.Allocations -- TRACE.nettrace PAGES [TOP] [FRAME]
// (bench/allocations.sh records one of the CLI over the load bench's pages.)
var path = args[0];
var pages = int.Parse(args[1], CultureInfo.InvariantCulture);
var top = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 40;
var only = args.Length > 3 ? args[3] : null;
var etlx = TraceLog.CreateFromEventPipeDataFile(path);
using var log = new TraceLog(etlx);
var byType = new Dictionary<string, double>();
var bySite = new Dictionary<string, double>();
var byTypeSite = new Dictionary<string, double>();
var byStack = new Dictionary<string, double>();
double total = 0;
foreach (var ev in log.Events)
{
    if (ev is not GCAllocationTickTraceData tick)
    {
        continue;
    }
    var frames = new List<string>();
    for (var frame = ev.CallStack(); frame is not null; frame = frame.Caller)
    {
        var name = frame.CodeAddress.FullMethodName;
        frames.Add(string.IsNullOrEmpty(name) ? "?" + frame.CodeAddress.ModuleName : Short(name));
    }
    if (only is not null && !frames.Exists(f => f.Contains(only, StringComparison.Ordinal)))
    {
        continue;
    }
    double bytes = tick.AllocationAmount64;
    total += bytes;
    var type = tick.TypeName ?? "?";
    var site = frames.Find(f => f.StartsWith("Archive.", StringComparison.Ordinal)) ?? "(none)";
    var inner = frames.Find(f => !f.StartsWith("System.", StringComparison.Ordinal) && !f.StartsWith('?')
        && !f.StartsWith("Microsoft.", StringComparison.Ordinal)) ?? "(none)";
    Add(byType, type, bytes);
    Add(bySite, site, bytes);
    Add(byTypeSite, inner == site ? $"{type} @ {inner}" : $"{type} @ {inner}  <- {site}", bytes);
    Add(byStack, string.Join(" <- ", frames.Take(6)), bytes);
}
Console.WriteLine($"{total / 1024 / pages:F1} KiB/page sampled over {pages} page-passes{(only is null ? "" : $", stacks through {only}")}");
Print("by type", byType);
Print("by site (innermost Archive.* frame)", bySite);
Print("by type @ innermost frame outside System.*", byTypeSite);
Print("by stack (six innermost frames)", byStack);

void Print(string title, Dictionary<string, double> table)
{
    Console.WriteLine($"== {title}");
    foreach (var (key, bytes) in table.OrderByDescending(x => x.Value).Take(top))
    {
        Console.WriteLine($"{bytes / 1024 / pages,9:F1} KiB/page {100 * bytes / total,5:F1}%  {key}");
    }
}

static string Short(string method) => method.IndexOf('(', StringComparison.Ordinal) is > 0 and var at ? method[..at] : method;

static void Add(Dictionary<string, double> table, string key, double bytes) =>
    table[key] = table.GetValueOrDefault(key) + bytes;
