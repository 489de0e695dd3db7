using System.Diagnostics;
using System.Globalization;
using Archive.Engine.Tests.Hardening;
using Archive.Engine.Decoding;
using Archive.Engine.Extraction;

// Times the cleaner on each of the fuzz test's mutated pages (tests/Archive.Engine.Tests/Hardening/CleanerFuzzTests) and
// prints the distribution per mutation kind and the slowest inputs with their size, so a slow class of input shows up.
// usage: dotnet run -c Release --project bench/extraction-fuzz -- SEED_PAGE [INPUTS] [SLOWEST]
//        ... -- SEED_PAGE replay:N [TIMES]   extracts input N again and again (to attach a profiler) and prints each time
//        ... -- SEED_PAGE scaling:PARAGRAPHS:SHAPE [TIMES]   the same for a page of the scaling table (shape 0, 1, 2)
var seedPage = args.Length > 0 ? args[0] : Path.Combine("tests", "Archive.Api.Tests", "Fixtures", "Pages", "breitbart-002.html");
var seeds = PageMutations.Seeds(File.ReadAllText(seedPage));
var extractor = new ArticleExtractor();
if (args.Length > 1 && args[1].Split(':') is ["replay" or "scaling", var number, ..] parts)
{
    var html = parts[0] == "scaling"
        ? Page(int.Parse(number, CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture))
        : Replay(int.Parse(number, CultureInfo.InvariantCulture), seeds);
    for (var i = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20; i > 0; i--)
    {
        var clock = Stopwatch.StartNew();
        extractor.Extract(html, null);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalMilliseconds:F1} ms"));
    }
    return;
}
var inputs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1200;
var show = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;

// One untimed pass over a few inputs warms the JIT, so the first inputs are not charged for it.
for (var seed = 0; seed < 8; seed++)
{
    var (bytes, type, _) = PageMutations.Input(seed, seeds);
    extractor.Extract(HtmlDecoder.Decode(bytes, type).Html, null);
}

var results = new List<(int Seed, int Kind, int Bytes, int Elements, double Ms)>(inputs);
var total = Stopwatch.StartNew();
for (var seed = 0; seed < inputs; seed++)
{
    var (bytes, type, kind) = PageMutations.Input(seed, seeds);
    var html = HtmlDecoder.Decode(bytes, type).Html;
    var clock = Stopwatch.StartNew();
    extractor.Extract(html, new Uri("https://fuzz.example/story"));
    var ms = clock.Elapsed.TotalMilliseconds;
    results.Add((seed, kind, bytes.Length, Count(html, "<p>") + Count(html, "<div"), ms));
}
total.Stop();

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{inputs} inputs in {total.Elapsed.TotalSeconds:F1} s; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
Console.WriteLine("kind        n   median ms    p95 ms    p99 ms    max ms   max KB/ms");
string[] kinds = ["truncated", "tag soup", "random bytes", "nested"];
foreach (var group in results.GroupBy(r => r.Kind).OrderBy(g => g.Key))
{
    var ms = group.Select(r => r.Ms).Order().ToArray();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{kinds[group.Key],-12}{ms.Length,4}{At(ms, 0.5),12:F1}{At(ms, 0.95),10:F1}{At(ms, 0.99),10:F1}{ms[^1],10:F1}"
        + $"{group.Max(r => r.Bytes / 1024.0 / Math.Max(0.01, r.Ms)),12:F1}"));
}
Console.WriteLine($"slowest {show}:");
foreach (var r in results.OrderByDescending(r => r.Ms).Take(show))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  seed {r.Seed,5} {kinds[r.Kind],-12} {r.Bytes / 1024.0,8:F0} KB  ~{r.Elements,6} <p>/<div> tags  {r.Ms,9:F1} ms"));
}

// Extraction must grow about linearly with the page: the same paragraphs flat in one container, and each behind its own
// wrappers, at four sizes. Time per 1,000 paragraphs should stay flat as the page grows.
Console.WriteLine("scaling (ms per 1,000 paragraphs; flat = linear):");
Console.WriteLine("paragraphs   one container   nested 200 deep   each in 3 wrappers");
foreach (var count in (int[])[500, 2000, 8000, 32000])
{
    var row = new List<double>();
    foreach (var shape in (int[])[0, 1, 2])
    {
        var html = Page(count, shape);
        var clock = Stopwatch.StartNew();
        extractor.Extract(html, null);
        row.Add(clock.Elapsed.TotalMilliseconds * 1000 / count);
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count,10}{row[0],16:F1}{row[1],18:F1}{row[2],21:F1}"));
}

static string Replay(int seed, string[] seeds)
{
    var (bytes, type, _) = PageMutations.Input(seed, seeds);
    return HtmlDecoder.Decode(bytes, type).Html;
}

static string Page(int paragraphs, int shape)
{
    var html = new System.Text.StringBuilder("<html><head><title>Scaling</title></head><body>");
    html.Append(shape == 1 ? string.Concat(Enumerable.Repeat("<div class=\"wrap\">", 200)) : "<div class=\"content\">");
    for (var i = 0; i < paragraphs; i++)
    {
        var paragraph = $"<p>Paragraph {i} of the story, with a clause, a <a href=\"/l{i % 50}\">link</a> and <span class=\"tip\">a named span</span>.</p>";
        html.Append(shape == 2 ? $"<div class=\"block\"><section><div>{paragraph}</div></section></div>" : paragraph);
    }
    return html.Append("</body></html>").ToString();
}

static double At(double[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))];

static int Count(string text, string value)
{
    var count = 0;
    for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
    {
        count++;
    }
    return count;
}
