using System.IO.Compression;
using System.Text.Json;
using Archive.Engine.Decoding;
using Archive.Engine.Extraction;
using Archive.Engine.Extraction.Metadata;
using Archive.Engine.Extraction.Output;
using Archive.Engine.Extraction.Scoring;
using Archive.Engine.Publishers;

namespace Archive.Train;

/// <summary>One development page: its blocks with features and labels, the classic text, and its ground truth.</summary>
/// <param name="Roles">What the archive's rules say about each block, so cross-validation keeps blocks as the engine does.</param>
/// <param name="FallbackText">The engine's last resort when neither reading keeps anything (JSON-LD body, largest block).</param>
/// <param name="ProductDescription">A Product's JSON-LD description, added when the text lacks it (empty if none).</param>
internal sealed record TrainingPage(string Set, string Id, string Type, string Site, string Truth, string[] Texts, float[][] Features,
    bool[] Labels, string ClassicText, BlockRole[] Roles, string FallbackText, string ProductDescription)
{
    public int[] Lengths { get; } = Texts.Select(t => t.Length).ToArray();
}

/// <summary>Reads the development sets (WCXB dev split, Zyte) and labels every block against the ground truth.</summary>
internal static class Pages
{
    /// <summary>Loads the pages, or reads them from <paramref name="cache"/> when it exists (features change with the code:
    /// delete the cache after changing them).</summary>
    public static List<TrainingPage> Load(string shared, string? cache)
    {
        if (cache is not null && File.Exists(cache))
        {
            return Cache.Read(cache);
        }
        var pages = Load(shared);
        if (cache is not null)
        {
            Cache.Write(cache, pages);
        }
        return pages;
    }

    private static List<TrainingPage> Load(string shared)
    {
        var wcxb = Path.Combine(shared, "data", "wcxb-dev");
        var zyte = Path.Combine(shared, "data", "zyte");
        var items = new List<(string Set, string Id, string Type, string Url, string Truth, string Path)>();
        using (var gz = new GZipStream(File.OpenRead(Path.Combine(wcxb, "ground-truth.json.gz")), CompressionMode.Decompress))
        using (var truth = JsonDocument.Parse(gz))
        {
            foreach (var page in truth.RootElement.EnumerateObject())
            {
                var v = page.Value;
                items.Add(("wcxb", page.Name, v.GetProperty("pageType").GetString()!, v.GetProperty("url").GetString()!,
                    v.GetProperty("mainContent").GetString()!, Path.Combine(wcxb, "html", page.Name + ".html.gz")));
            }
        }
        using (var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(zyte, "ground-truth.json"))))
        {
            foreach (var page in truth.RootElement.EnumerateObject())
            {
                var v = page.Value;
                items.Add(("zyte", page.Name, "article", v.TryGetProperty("url", out var url) ? url.GetString() ?? page.Name : page.Name, v.GetProperty("articleBody").GetString() ?? string.Empty,
                    Path.Combine(zyte, "html", page.Name + ".html.gz")));
            }
        }
        var result = new TrainingPage?[items.Count];
        Parallel.For(0, items.Count, i =>
        {
            var item = items[i];
            if (!File.Exists(item.Path))
            {
                return;
            }
            using var file = new GZipStream(File.OpenRead(item.Path), CompressionMode.Decompress);
            using var memory = new MemoryStream();
            file.CopyTo(memory);
            var html = HtmlDecoder.Decode(memory.ToArray(), null).Html;
            var parsed = HtmlParsing.Parse(html);
            var metadata = MetadataExtractor.Extract(parsed, PageSignals.Read(parsed.Document), null);
            if (parsed.Document.Body is null)
            {
                return;
            }
            var analysis = PageAnalysis.Analyze(parsed, metadata.Title, new LinkResolver(null));
            var texts = analysis.Blocks.Select(b => b.Text).ToArray();
            result[i] = new TrainingPage(item.Set, item.Id, item.Type, Site(item.Url), item.Truth, texts, analysis.Features,
                Labels(texts, item.Truth), analysis.Classic.Text, analysis.Roles, ArticleExtractor.Fallback(parsed, analysis).Text,
                Archive.Engine.Extraction.Output.ProductDescription.Read(parsed.JsonLdFindings.ProductDescription) ?? string.Empty);
        });
        return result.Where(p => p is not null).Select(p => p!).ToList();
    }

    private static string Site(string url)
    {
        // Pages without a URL each count as a site of their own.
        var host = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : url;
        return (string.IsNullOrEmpty(host) ? null : PublicSuffixList.Default.RegistrableDomain(host)) ?? host ?? url;
    }

    // A block is content when its words run in the ground truth: short blocks as a whole phrase, longer ones by
    // the share of their word trigrams found there (ground truth is plain text, so markup-level matching is not possible).
    // (Matching short blocks only against whole lines of the ground truth was tried: cross-validation did not move.)
    private static bool[] Labels(string[] texts, string truth)
    {
        var truthTokens = Scoring.Tokens(truth);
        var joined = " " + string.Join(' ', truthTokens) + " ";
        var trigrams = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 2 < truthTokens.Count; i++)
        {
            trigrams.Add(truthTokens[i] + " " + truthTokens[i + 1] + " " + truthTokens[i + 2]);
        }
        var labels = new bool[texts.Length];
        for (var b = 0; b < texts.Length; b++)
        {
            var tokens = Scoring.Tokens(texts[b]);
            if (tokens.Count == 0)
            {
                continue;
            }
            if (tokens.Count <= 5)
            {
                labels[b] = joined.Contains(" " + string.Join(' ', tokens) + " ", StringComparison.Ordinal);
                continue;
            }
            var found = 0;
            for (var i = 0; i + 2 < tokens.Count; i++)
            {
                if (trigrams.Contains(tokens[i] + " " + tokens[i + 1] + " " + tokens[i + 2]))
                {
                    found++;
                }
            }
            labels[b] = found * 2 >= tokens.Count - 2;
        }
        return labels;
    }
}
