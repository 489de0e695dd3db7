using System.Text.Json;
using Archive.Engine.Extraction;
using Archive.Engine.Extraction.Metadata;

namespace Archive.Engine.Tests.Extraction;

public sealed class JsonLdReaderTests
{
    private static readonly ArticleExtractor Extractor = new();
    private static readonly JsonDocumentOptions ReaderOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 64,
    };

    private static string Page(params string[] scripts) =>
        $"<html><head><title>Page title</title>{string.Concat(scripts.Select(s => $"<script type=\"application/ld+json\">{s}</script>"))}"
        + "</head><body><article><p>The story's only paragraph, long enough to be the article on its own page here.</p></article></body></html>";

    /// <summary>JsonExceptions thrown on this thread while <paramref name="work"/> runs, caught or not.</summary>
    private static int JsonExceptionsThrownBy(Action work)
    {
        var thread = Environment.CurrentManagedThreadId;
        var thrown = 0;
        void Count(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (Environment.CurrentManagedThreadId == thread && e.Exception is JsonException)
            {
                thrown++;
            }
        }
        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            work();
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }
        return thrown;
    }

    [Theory]
    [InlineData("{\"@type\":\"NewsArticle\",\"headline\":\"A line\nbreak\"}")]
    [InlineData("{\"@type\":\"NewsArticle\",\"description\":\"A\ttab\"}")]
    [InlineData("   ")]
    [InlineData(";")]
    public void Skips_json_ld_that_cannot_parse_without_an_exception(string script)
    {
        var thrown = JsonExceptionsThrownBy(() => Extractor.Extract(Page(script), null));

        Assert.Equal(0, thrown);
        Assert.Equal("Page title", Extractor.Extract(Page(script), null).Metadata.Title);
    }

    [Fact]
    public void Parses_each_script_once_per_page()
    {
        // A missing comma: only the parser can tell. Metadata, the product description and the fallback all read the
        // page's JSON-LD; the script is parsed, and throws, once.
        const string broken = """{"@type":"NewsArticle" "headline":"H"}""";
        var onceAlone = JsonExceptionsThrownBy(() =>
        {
            try
            {
                JsonDocument.Parse(broken, ReaderOptions).Dispose();
            }
            catch (JsonException)
            {
            }
        });

        var thrown = JsonExceptionsThrownBy(() => Extractor.Extract(Page(broken), null));

        Assert.True(onceAlone > 0);
        Assert.Equal(onceAlone, thrown);
    }

    [Theory]
    [InlineData("""{"headline":"quote \" and backslash \\ and \u0022 and // not a comment /* nor this */"}""")]
    [InlineData("""{"a":1} // a comment with a "quote and a raw	tab""")]
    [InlineData("""{"a":/* "quoted" in a comment */ "b"}""")]
    [InlineData("""{"a":"b",} """)]
    [InlineData("""[{"a":"x"},{"b":"\\"}]""")]
    [InlineData("""{"a":"ünïcödé 日本語 😀"}""")]
    [InlineData("{\"a\":\"b\"}\n// trailing comment\r\n")]
    public void Never_refuses_what_the_parser_accepts(string script)
    {
        using var document = JsonDocument.Parse(script.Trim().TrimEnd(';'), ReaderOptions);

        Assert.False(JsonLdReader.CannotParse(script.AsSpan().Trim().TrimEnd(';')));
    }

    [Theory]
    [InlineData("{\"a\":\"line\nbreak\"}")]
    [InlineData("{\"a\":\"nul\u0000\"}")]
    [InlineData("[\"ok\", \"cr\r\"]")]
    [InlineData("")]
    public void Refuses_only_what_the_parser_refuses(string script)
    {
        Assert.True(JsonLdReader.CannotParse(script.AsSpan().Trim().TrimEnd(';')));
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(script.Trim().TrimEnd(';'), ReaderOptions));
    }

    [Fact]
    public void Reads_the_article_and_the_product_description_from_one_pass()
    {
        var findings = JsonLdReader.Scan([
            """{"@type":"Organization","name":"Shop Ltd"}""",
            "{\"@type\":\"NewsArticle\",\"headline\":\"broken\nscript\"}",
            """[{"@type":"Product","name":"No description"},{"@type":"Product","description":"The first described product."}]""",
            """{"@type":"WebPage","name":"Page"}""",
            """{"@type":"Article","headline":"The article"}""",
        ]);

        Assert.Equal("The article", findings.Article?.Headline);
        Assert.Equal("Shop Ltd", findings.Article?.Publisher);
        Assert.Equal("The first described product.", findings.ProductDescription);
    }
}
