using System.Diagnostics;
using System.Text;
using Archive.Api.Tests.Infrastructure;
using Archive.Engine.Decoding;
using Archive.Engine.Extraction;
using Archive.Engine.Text;

namespace Archive.Api.Tests.Hardening;

/// <summary>
/// Mutated pages (truncated, tag soup, random bytes, odd charsets) through decode → extract → hash, as the ingestor runs
/// them: no exception may escape and no input may take long. Seeds are fixed, so a failure names an input to replay.
/// </summary>
public sealed class CleanerFuzzTests
{
    private const int Inputs = 1200;
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(3);

    private static readonly string[] Soup =
    [
        "<div>", "</div>", "<p>", "</p>", "<table><tr><td>", "</td></tr>", "<!--", "-->", "<script>", "</script>", "<style>",
        "<![CDATA[", "]]>", "&#x", "&amp", "&#1114112;", "<svg><math><mi>", "<a href=\"", "\"", "<img src=x onerror=", "<template>",
        "<noscript>", "<iframe srcdoc=\"<p>", "<select><option>", "<frameset>", "<plaintext>", "<xmp>", "</body>", "</html>",
        "<html>", "<head>", "<meta charset=\"utf-16\">", "<base href=\"javascript:alert(1)\">", "<article>", "<h1>", "\u0000",
        "\uFEFF", "\u202E", "\uD800", "<b><i></b></i>", "<li><li><li>", "<p><div></p></div>",
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"isBasedOn\":[{\"@id\":",
    ];

    private static readonly string?[] ContentTypes =
        [null, "text/html", "text/html; charset=utf-8", "text/html; charset=iso-8859-1", "text/html; charset=shift_jis",
         "text/html; charset=utf-16", "text/html; charset=bogus-42", "application/xhtml+xml"];

    [Fact]
    public void Mutated_pages_never_throw_and_each_is_cleaned_quickly()
    {
        var seeds = new[]
        {
            SeedPages.Read("breitbart-002.html"),
            "<html><head><title>T</title></head><body><article><h1>Head</h1><p>One paragraph of text.</p><p>Two.</p></article></body></html>",
        };
        var extractor = new ArticleExtractor();
        var failures = new List<string>();
        var slowest = TimeSpan.Zero;

        for (var seed = 0; seed < Inputs; seed++)
        {
            var random = new Random(seed);
            var source = seeds[seed % seeds.Length];
            var bytes = Mutate(source, seed % 4, random);
            var contentType = ContentTypes[random.Next(ContentTypes.Length)];
            var clock = Stopwatch.StartNew();
            try
            {
                var decoded = HtmlDecoder.Decode(bytes, contentType);
                var article = extractor.Extract(decoded.Html, new Uri("https://fuzz.example/story"));
                _ = ContentHash.OfText(article.Text);
            }
#pragma warning disable CA1031 // The point is to catch whatever escapes.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures.Add($"seed {seed} (mutation {seed % 4}, {contentType ?? "no type"}): {ex.GetType().Name}: {ex.Message}");
            }
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            if (clock.Elapsed > PerInput)
            {
                failures.Add($"seed {seed} (mutation {seed % 4}) took {clock.Elapsed.TotalMilliseconds:F0} ms");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {Inputs} inputs failed (slowest {slowest.TotalMilliseconds:F0} ms):\n" +
            string.Join("\n", failures.Take(20)));
    }

    private static byte[] Mutate(string page, int kind, Random random) => kind switch
    {
        0 => Encoding.UTF8.GetBytes(page[..random.Next(page.Length + 1)]),
        1 => Encoding.UTF8.GetBytes(TagSoup(page, random)),
        2 => RandomBytes(Encoding.UTF8.GetBytes(page), random),
        _ => Encoding.UTF8.GetBytes(Nest(page, random)),
    };

    private static string TagSoup(string page, Random random)
    {
        var builder = new StringBuilder(page);
        for (var i = random.Next(1, 60); i > 0; i--)
        {
            builder.Insert(random.Next(builder.Length + 1), Soup[random.Next(Soup.Length)]);
        }
        if (random.Next(3) == 0)
        {
            var start = random.Next(builder.Length);
            builder.Remove(start, Math.Min(random.Next(1, 2000), builder.Length - start));
        }
        return builder.ToString();
    }

    private static byte[] RandomBytes(byte[] page, Random random)
    {
        var bytes = (byte[])page.Clone();
        for (var i = random.Next(1, 40); i > 0; i--)
        {
            var start = random.Next(bytes.Length);
            var span = bytes.AsSpan(start, Math.Min(random.Next(1, 256), bytes.Length - start));
            random.NextBytes(span);
        }
        return random.Next(10) == 0 ? RandomOnly(random) : bytes;
    }

    private static byte[] RandomOnly(Random random)
    {
        var bytes = new byte[random.Next(0, 64 * 1024)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Deep nesting and long runs of one element around the article, where recursive walks break.</summary>
    private static string Nest(string page, Random random)
    {
        var depth = random.Next(50, 400);
        var tag = new[] { "div", "span", "b", "table", "ul", "section", "blockquote" }[random.Next(7)];
        var open = string.Concat(Enumerable.Repeat($"<{tag}>", depth));
        var at = page.IndexOf("<body", StringComparison.OrdinalIgnoreCase) is var b and >= 0 ? page.IndexOf('>', b) + 1 : 0;
        return page[..at] + open + page[at..] + string.Concat(Enumerable.Repeat("<p>x</p>", random.Next(0, 3000)));
    }
}
