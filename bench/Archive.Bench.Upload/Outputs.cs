using System.Text.Json;
using Archive.Engine;
using Archive.Engine.Decoding;

/// <summary>`dump` mode: everything the engine derives from each body (with its URL, as an upload), one JSON line a page, so
/// two builds' outputs can be compared byte for byte (a change meant to save work must not change them).</summary>
internal static class Outputs
{
    public static void Run(IEnumerable<(string Url, string Html)> bodies, string path)
    {
        var processor = new PageProcessor();
        using var output = new StreamWriter(path);
        foreach (var (url, html) in bodies)
        {
            var page = processor.Process(new DecodedHtml(html, "utf-8", CharsetSource.ContentType), new Uri(url));
            output.WriteLine(JsonSerializer.Serialize(new
            {
                url,
                page.Article,
                page.Article.PageText,
                page.Article.Warnings,
                page.Article.Confidence,
                page.CanonicalText,
                ContentHash = page.ContentHash.Hex,
                Keys = page.Fingerprint.IndexKeys,
                page.Evidence,
            }));
        }
    }
}
