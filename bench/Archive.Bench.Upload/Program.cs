using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Archive.Api.Captures;
using Archive.Api.Ingestion;
using Archive.Data;
using Archive.Engine;
using Archive.Engine.Decoding;
using Archive.Engine.Extraction;
using Archive.Engine.Lineage;
using Archive.Fetching;

// The service's in-process upload pipeline minus the database, beside `archive extract`'s, single-threaded over the load
// bench's bodies (bench/load_pages.py), both warm, alternated page by page; each piece timed in the thread's own CPU time.
// usage: Archive.Bench.Upload BODIES_DIR COUNT [PASSES=2]      (the first pass is untimed warm-up, as `extract --timings`)
//        Archive.Bench.Upload BODIES_DIR COUNT jsonld            (the JSON-LD scripts that do not parse, and the exceptions)
//        Archive.Bench.Upload BODIES_DIR COUNT dump FILE         (the engine's outputs, a JSON line a page, to compare builds)
//        Archive.Bench.Upload BODIES_DIR COUNT fresh             (a page's lines seen for the first time, against seen: FreshPages)
//        Archive.Bench.Upload BODIES_DIR COUNT forms [PASSES=3]  (the handler's path for the JSON form beside the page form, the
//                                                                 page's UTF-8 bytes as a text/html body: CPU and bytes allocated)
//        Archive.Bench.Upload BODIES_DIR 0 costs FILE [PASSES=3] (each page of BODIES_DIR/pages.txt: its shape and extraction's
//                                                                 CPU, stage by stage, a TSV row a page: PageCosts)
//        Archive.Bench.Upload BODIES_DIR COUNT filters [PASSES=3] (the validation filter per upload, validators per scope and
//                                                                 once: Filters)
//        Archive.Bench.Upload BODIES_DIR COUNT bind [PASSES=3]    (the JSON form's binding, as sent and with html unescaped
//                                                                 first: Bind)
//        Archive.Bench.Upload BODIES_DIR COUNT holds             (what an upload keeps alive while it waits: the DOM, the
//                                                                 processed page and its parts, the compressed capture: Holds)
var dir = args[0];
var count = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
LoadBody Body(int i) => JsonSerializer.Deserialize<LoadBody>(File.ReadAllBytes(Path.Combine(dir, $"{i}.json")), JsonSerializerOptions.Web)!;
string Html(int i) => Body(i).Html;
if (args.Length > 2 && args[2] == "jsonld")
{
    JsonLdFailures.Run([.. Enumerable.Range(0, count).Select(i => ($"{i}.json", Html(i)))]);
    return;
}
if (args.Length > 3 && args[2] == "dump")
{
    Outputs.Run(Enumerable.Range(0, count).Select(Body).Select(r => (r.Url, r.Html)), args[3]);
    return;
}
if (args.Length > 2 && args[2] == "fresh")
{
    FreshPages.Run([.. Enumerable.Range(0, count).Select(Html)], [.. Enumerable.Range(count, count).Select(Html)]);
    return;
}
if (args.Length > 3 && args[2] == "costs")
{
    PageCosts.Run(Path.Combine(dir, "pages.txt"), args[3], args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 3);
    return;
}
if (args.Length > 2 && args[2] == "holds")
{
    Holds.Run([.. Enumerable.Range(0, count).Select(Html)]);
    return;
}
if (args.Length > 2 && args[2] == "filters")
{
    Filters.Run(dir, count, args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 3);
    return;
}
if (args.Length > 2 && args[2] == "bind")
{
    Bind.Run(dir, count, args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 3);
    return;
}
if (args.Length > 2 && args[2] == "forms")
{
    UploadForms.Run(dir, count, args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 3);
    return;
}
var passes = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2;
var bodies = Enumerable.Range(0, count).Select(i => File.ReadAllBytes(Path.Combine(dir, $"{i}.json"))).ToArray();
var pipeline = new UploadPipeline();
var totals = new Dictionary<string, double>(StringComparer.Ordinal);
for (var pass = 0; pass < passes; pass++)
{
    var timed = pass > 0;
    for (var i = 0; i < bodies.Length; i++)
    {
        // Alternate which path sees the page first, so neither always finds the other's memo entries.
        if ((i + pass) % 2 == 0)
        {
            pipeline.Cli(bodies[i], timed ? totals : null);
            pipeline.Service(bodies[i], timed ? totals : null);
        }
        else
        {
            pipeline.Service(bodies[i], timed ? totals : null);
            pipeline.Cli(bodies[i], timed ? totals : null);
        }
    }
}
var pages = (double)count * (passes - 1);
Console.WriteLine($"{count} bodies, {passes - 1} timed pass(es); ms of thread CPU per page; load {File.ReadAllText("/proc/loadavg").Trim()}");
foreach (var (piece, ms) in totals)
{
    Console.WriteLine($"{piece,-28} {ms / pages,8:F3}");
}

internal sealed class UploadPipeline
{
    private static readonly JsonSerializerOptions Api = ApiJson();
    private readonly PageProcessor _processor = new();

    /// <summary>BENCH_URL=1: the CLI's path processes each page a second time with its URL, as the service does.</summary>
    public static bool WithUrl { get; } = Environment.GetEnvironmentVariable("BENCH_URL") == "1";
    private readonly ExtractionRunner _runner = new(ExtractionLimits.Default,
        Microsoft.Extensions.Options.Options.Create(new ExtractionRunnerOptions()));

    private static JsonSerializerOptions ApiJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        return options;
    }

    /// <summary>`archive extract`: the page's bytes decoded without a content type, processed without a URL.</summary>
    public void Cli(byte[] body, Dictionary<string, double>? totals)
    {
        var request = JsonSerializer.Deserialize<LoadBody>(body, Api)!;
        var bytes = Encoding.UTF8.GetBytes(request.Html);
        var clock = new Clock(totals);
        var decoded = HtmlDecoder.Decode(bytes, null);
        clock.Lap("cli: decode (untimed by extract)");
        _processor.Process(decoded, null);
        clock.Lap("cli: process (url null)");
        if (WithUrl)
        {
            _processor.Process(decoded, new Uri(request.Url));
            clock.Lap("cli: process (with url)");
        }
    }

    /// <summary>What the upload handler does from the request's bytes to the rows it writes and the answer it sends.</summary>
    public void Service(byte[] body, Dictionary<string, double>? totals)
    {
        var clock = new Clock(totals);
        var (raw, page) = Json(body, clock, "svc");
        using (page)
        {
            Ingest(raw, clock, "svc");
        }
    }

    /// <summary>What the handler does with the raw page it made, to the rows it writes and the answer it sends (no database).</summary>
    public void Ingest(RawPage raw, Clock clock, string prefix)
    {
        var processed = _runner.ProcessAsync(raw, guarded: false).Result;
        clock.Lap($"{prefix}: extract (decode+process url)");
        var capture = CaptureIngestor.CaptureOf(raw, processed.Page.Charset, DateTimeOffset.UtcNow);
        clock.Lap($"{prefix}: capture row (brotli, sha)");
        var version = CaptureIngestor.NewVersion(Guid.NewGuid(), capture, processed, null);
        var evidence = JsonSerializer.Serialize(version.Evidence, JsonSerializerOptions.Web);
        long[] keys = [.. processed.Fingerprint.IndexKeys];
        clock.Lap($"{prefix}: version row, evidence json");
        var member = LineageMember.From(version.ArticleId, raw.FinalUrl.AbsoluteUri, processed.CanonicalText, VersionFacts.Of(processed));
        var siteKeys = SiteParagraphs.IndexKeys(member.CanonicalText, member.PageText);
        clock.Lap($"{prefix}: lineage (member, site keys)");
        var answer = JsonSerializer.SerializeToUtf8Bytes(new
        {
            version.Title, version.Byline, version.PublishedAt, version.Language, version.Description, version.ContentHash,
            version.Text, version.Html, version.Warnings, version.ExtractionConfidence, Evidence = processed.Evidence,
        }, Api);
        clock.Lap($"{prefix}: answer json (approx.)");
        GC.KeepAlive(evidence);
        GC.KeepAlive(keys);
        GC.KeepAlive(siteKeys);
        GC.KeepAlive(answer);
    }

    /// <summary>The JSON form from its body's bytes: bind (html straight into the page's pooled UTF-8 bytes), validate, the
    /// raw page; the page is the caller's to dispose once ingested, as the handler does.</summary>
    public static (RawPage Raw, UploadedPage Page) Json(byte[] body, Clock clock, string prefix)
    {
        var request = JsonSerializer.Deserialize<CaptureRequest>(body, Api)!;
        clock.Lap($"{prefix}: bind json");
        var page = request.Html!;
        var valid = page.Bytes.Length <= CaptureRequestValidator.MaxHtmlBytes && !CaptureRequestValidator.IsWhiteSpace(page.Bytes.Span)
            && UrlRules.Explain(request.Url) is null;
        var url = new Uri(request.Url!);
        clock.Lap($"{prefix}: validate");
        GC.KeepAlive(valid);
        return (Submissions.PageOf(new UploadSubmission(url, page, "bench"), null, DateTimeOffset.UtcNow), page);
    }

    /// <summary>The page form from its body's bytes and query: the body copied out of the request (PageBody.ReadAsync's
    /// array), validate, the raw page.</summary>
    public static RawPage Page(byte[] body, string query, Clock clock)
    {
        var bytes = new byte[body.Length];
        body.CopyTo(bytes, 0);
        clock.Lap("page: read body");
        var url = Uri.UnescapeDataString(query);
        var valid = !PageBody.IsBlank(bytes) && UrlRules.Explain(url) is null;
        var page = UploadedPage.OfBytes(bytes, RawCaptureHeaders.Normalise("text/html"));
        clock.Lap("page: validate");
        GC.KeepAlive(valid);
        return Submissions.PageOf(new UploadSubmission(new Uri(url), page, "bench"), null, DateTimeOffset.UtcNow);
    }
}

/// <summary>
/// The two upload forms over the same pages, alternated page by page (which goes first alternates too), on one thread: CPU
/// per piece (the thread's own clock) and bytes allocated per upload (the thread's allocation counter), the first pass
/// untimed. The page form's body is the page's UTF-8 bytes, the JSON form's body the load bench's file.
/// </summary>
internal static class UploadForms
{
    public static void Run(string dir, int count, int passes)
    {
        var json = Enumerable.Range(0, count).Select(i => File.ReadAllBytes(Path.Combine(dir, $"{i}.json"))).ToArray();
        var pages = json.Select(b => JsonSerializer.Deserialize<LoadBody>(b, JsonSerializerOptions.Web)!)
            .Select(r => (Body: Encoding.UTF8.GetBytes(r.Html), Query: Uri.EscapeDataString(r.Url))).ToArray();
        var pipeline = new UploadPipeline();
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        var allocated = new Dictionary<string, long>(StringComparer.Ordinal);
        void Form(string name, Func<Clock, (RawPage Raw, UploadedPage? Page)> front, bool timed)
        {
            var clock = new Clock(timed ? totals : null);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var started = Clock.Now();
            var (raw, page) = front(clock);
            using (page)
            {
                pipeline.Ingest(raw, clock, name);
            }
            if (timed)
            {
                totals[$"{name}: total"] = totals.GetValueOrDefault($"{name}: total") + (Clock.Now() - started);
                allocated[name] = allocated.GetValueOrDefault(name) + (GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }
        for (var pass = 0; pass < passes; pass++)
        {
            var timed = pass > 0;
            for (var i = 0; i < count; i++)
            {
                var body = json[i];
                var page = pages[i];
                if ((i + pass) % 2 == 0)
                {
                    Form("json", c => UploadPipeline.Json(body, c, "json"), timed);
                    Form("page", c => (UploadPipeline.Page(page.Body, page.Query, c), null), timed);
                }
                else
                {
                    Form("page", c => (UploadPipeline.Page(page.Body, page.Query, c), null), timed);
                    Form("json", c => UploadPipeline.Json(body, c, "json"), timed);
                }
            }
        }
        var uploads = (double)count * (passes - 1);
        Console.WriteLine($"{count} bodies ({json.Sum(b => (long)b.Length) / count / 1024} KiB JSON, {pages.Sum(p => (long)p.Body.Length) / count / 1024} KiB page " +
            $"on average), {passes - 1} timed pass(es); ms of thread CPU per upload; load {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (var (piece, ms) in totals.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"{piece,-36} {ms / uploads,8:F3}");
        }
        foreach (var (form, bytes) in allocated)
        {
            Console.WriteLine($"{form + ": allocated KiB/upload",-36} {bytes / uploads / 1024,8:F1}");
        }
    }
}

/// <summary>The calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID): what other processes' load does not add to.</summary>
internal sealed class Clock(Dictionary<string, double>? totals)
{
    private double _last = Now();

    public static double Now()
    {
        _ = NativeMethods.clock_gettime(3, out var ts);
        return ts.Seconds * 1e3 + ts.Nanoseconds / 1e6;
    }

    public void Lap(string piece)
    {
        var now = Now();
        if (totals is not null)
        {
            totals[piece] = totals.GetValueOrDefault(piece) + (now - _last);
        }
        _last = Now();
    }
}

[StructLayout(LayoutKind.Sequential)]
internal struct TimeSpec
{
    public long Seconds;
    public long Nanoseconds;
}

internal static partial class NativeMethods
{
    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    internal static partial int clock_gettime(int clock, out TimeSpec time);
}

/// <summary>A load bench body (bench/load_pages.py) read with its page as a string, for the modes that hand the engine text.</summary>
internal sealed record LoadBody(string Url, string Html);
