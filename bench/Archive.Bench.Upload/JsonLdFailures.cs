using System.Text.Json;
using Archive.Engine.Extraction;

/// <summary>`jsonld` mode: which of the pages' JSON-LD scripts System.Text.Json refuses (with JsonLdReader's options), and
/// how many times per page a parse throws, counted from the runtime's first-chance exceptions during extraction.</summary>
internal static class JsonLdFailures
{
    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 64,
    };

    private static void ParseAll(IReadOnlyList<string> scripts)
    {
        foreach (var script in scripts)
        {
            try
            {
                using var _ = JsonDocument.Parse(script.Trim().TrimEnd(';'), Options);
            }
            catch (JsonException)
            {
            }
        }
    }

    public static void Run(IReadOnlyList<(string Name, string Html)> pages)
    {
        var (scripts, failed, failedPages) = (0, 0, 0);
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, html) in pages)
        {
            var pageFailed = false;
            foreach (var script in HtmlPrefilter.Filter(html).JsonLd)
            {
                scripts++;
                try
                {
                    using var _ = JsonDocument.Parse(script.Trim().TrimEnd(';'), Options);
                }
                catch (JsonException e)
                {
                    failed++;
                    pageFailed = true;
                    var reason = e.Message.Split(" Path:", 2)[0].Split(" LineNumber", 2)[0];
                    reason = System.Text.RegularExpressions.Regex.Replace(reason, "'.*?'", "'?'");
                    reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                    Console.WriteLine($"  {name}: {e.Message}");
                }
            }
            failedPages += pageFailed ? 1 : 0;
        }
        Console.WriteLine($"{pages.Count} pages, {scripts} JSON-LD scripts, {failed} refused, on {failedPages} pages");
        foreach (var (reason, n) in reasons.OrderByDescending(r => r.Value))
        {
            Console.WriteLine($"{n,5} {reason}");
        }
        // The JSON-LD work of a page before and after it was read once: every script parsed (and a broken one thrown) by
        // the metadata stage and again by the product description's, against one scan. Alternated, thread CPU.
        var scriptsOf = pages.Select(p => HtmlPrefilter.Filter(p.Html).JsonLd).ToList();
        var (before, after) = (0.0, 0.0);
        for (var rep = 0; rep < 6; rep++)
        {
            foreach (var pageScripts in scriptsOf)
            {
                var started = Clock.Now();
                if (rep > 0)
                {
                    ParseAll(pageScripts);
                    ParseAll(pageScripts);
                }
                var middle = Clock.Now();
                Archive.Engine.Extraction.Metadata.JsonLdReader.Scan(pageScripts);
                if (rep > 0)
                {
                    before += middle - started;
                    after += Clock.Now() - middle;
                }
            }
        }
        Console.WriteLine($"JSON-LD per page, ms of thread CPU: every script parsed twice with exceptions {before / (5.0 * pages.Count):F4}, "
            + $"one scan {after / (5.0 * pages.Count):F4}");
        var thrown = 0;
        AppDomain.CurrentDomain.FirstChanceException += (_, _) => thrown++;
        var processor = new Archive.Engine.PageProcessor();
        foreach (var (_, html) in pages)
        {
            processor.Process(new Archive.Engine.Decoding.DecodedHtml(html, "utf-8", Archive.Engine.Decoding.CharsetSource.ContentType), null);
        }
        Console.WriteLine($"first-chance exceptions while processing the {pages.Count} pages: {thrown} ({(double)thrown / pages.Count:F3} a page)");
    }
}
