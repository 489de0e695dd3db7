using System.Text.Json;
using Archive.Bench.Lineage;
using Archive.Engine.Lineage;

// Offline lineage benchmark: pages arrive one by one in manifest order (or a seeded shuffle of it); candidates are
// found only through index keys, as the database would find them; confirmed pairs form families, which are resolved.
// usage: Archive.Bench.Lineage <manifest.jsonl> <pred.json> [--seed N] [--report report.txt] [--ablate dates,evidence,names]
//        Archive.Bench.Lineage --family-cost <pages.tsv> [rounds] [--out links.json] [--only set,set]   (see FamilyCost)
//        Archive.Bench.Lineage --long-pairs <chars> [--out results.json] <page.html.gz>...   (see LongPairs)
if (args.Length == 3 && args[0] == "--probe")
{
    // Show what lineage receives from the extractor for one page: --probe <page.html> <url>
    var article = new Archive.Engine.Extraction.ArticleExtractor().Extract(File.ReadAllText(args[1]), new Uri(args[2]));
    Console.WriteLine(JsonSerializer.Serialize(new { article.Metadata, article.Attributions, article.Links }, JsonOptions.Indented));
    Console.WriteLine(article.Text);
    return 0;
}
if (args.Length >= 2 && args[0] == "--family-cost")
{
    // CPU of resolving real pages' republications, per family: --family-cost <pages.tsv> [rounds] [--out file] [--only sets]
    FamilyCost.Run(args[1], args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5,
        Optional(args, "--out"), Optional(args, "--only")?.Split(',').ToHashSet());
    return 0;
}
if (args.Length >= 3 && args[0] == "--pair")
{
    // CPU and allocations of resolving one family of two uploads: --pair <body.json> <body.json> [rounds]
    PairCost.Run(args[1], args[2], args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return 0;
}
if (args.Length >= 3 && args[0] == "--long-pairs")
{
    // CPU of the diff and the resolution on long near-identical pairs built from real pages, and (with --out) their
    // results as JSON for a byte-for-byte comparison of two builds: --long-pairs <chars> [--out file] <page.html.gz>...
    var outPath = Optional(args, "--out");
    var files = args.Skip(2).ToList();
    if (files.IndexOf("--out") is var outAt and >= 0)
    {
        files.RemoveRange(outAt, Math.Min(2, files.Count - outAt));
    }
    LongPairs.Run(files, int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), outPath);
    return 0;
}
var manifestPath = args[0];
var predPath = args[1];
var seed = OptionalInt(args, "--seed");
var reportPath = Optional(args, "--report");
var root = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;

var pages = File.ReadLines(manifestPath)
    .Where(l => l.Trim().Length > 0)
    .Select(l => JsonSerializer.Deserialize<ManifestEntry>(l, JsonOptions.Web)!)
    .ToList();
if (seed is { } s)
{
    var random = new Random(s);
    pages = [.. pages.OrderBy(_ => random.Next())];
}

var pipeline = new Pipeline { Ablations = [.. (Optional(args, "--ablate") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)] };

foreach (var page in pages)
{
    pipeline.Add(page.Url, File.ReadAllText(Path.Combine(root, page.File)));
}
var links = pipeline.Resolve();

var byId = pipeline.Members.ToDictionary(m => m.Id);
var predictions = links.Select(l => new
{
    republication = byId[l.RepublicationId].Url,
    derivedFrom = byId[l.DerivedFromId].Url,
    origin = byId[l.OriginId].Url,
    kind = l.Kind,
    declaredBy = l.DeclaredBy,
    reuse = l.Reuse,
}).OrderBy(p => p.republication, StringComparer.Ordinal);
File.WriteAllText(predPath, JsonSerializer.Serialize(predictions, JsonOptions.Indented));
Console.Error.WriteLine(
    $"pages {pages.Count}, candidate pairs {pipeline.CandidatePairs}, confirmed {pipeline.ConfirmedPairs}, families {pipeline.Families}, links {links.Count}");
foreach (var (a, b, c) in pipeline.Rejected.OrderByDescending(r => r.Comparison.SmallerContainment).ThenBy(r => r.A, StringComparer.Ordinal).ThenBy(r => r.B, StringComparer.Ordinal).Take(5))
{
    Console.Error.WriteLine($"closest rejected: containment {c.SmallerContainment:0.000} shared {c.SharedShingles} {a} ~ {b}");
}
if (reportPath is not null)
{
    File.WriteAllText(reportPath, Report.Write(pipeline, links));
}
return 0;

static string? Optional(string[] args, string name) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

static int? OptionalInt(string[] args, string name) => Optional(args, name) is { } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : null;

internal sealed record ManifestEntry(string File, string Url, DateTimeOffset CapturedAt);

internal static class JsonOptions
{
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
