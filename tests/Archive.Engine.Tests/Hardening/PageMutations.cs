using System.Text;

namespace Archive.Engine.Tests.Hardening;

/// <summary>
/// Mutated pages for the cleaner's fuzz test and its timing bench (bench/extraction-fuzz links this file): truncated
/// pages, tag soup, random bytes and deep nesting, each fixed by its seed so a failure names an input to replay.
/// </summary>
internal static class PageMutations
{
    public const int Kinds = 4;

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

    /// <summary>The two pages the mutations start from: a real news page and a minimal article.</summary>
    public static string[] Seeds(string realPage) =>
    [
        realPage,
        "<html><head><title>T</title></head><body><article><h1>Head</h1><p>One paragraph of text.</p><p>Two.</p></article></body></html>",
    ];

    /// <summary>Input number <paramref name="seed"/>: its bytes, the content type it is served with, and its mutation kind.</summary>
    public static (byte[] Bytes, string? ContentType, int Kind) Input(int seed, string[] seeds)
    {
        var random = new Random(seed);
        var kind = seed % Kinds;
        var bytes = Mutate(seeds[seed % seeds.Length], kind, random);
        return (bytes, ContentTypes[random.Next(ContentTypes.Length)], kind);
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
