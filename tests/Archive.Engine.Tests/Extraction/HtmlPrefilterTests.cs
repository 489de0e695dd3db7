using Archive.Engine.Extraction;

namespace Archive.Engine.Tests.Extraction;

public sealed class HtmlPrefilterTests
{
    [Fact]
    public void Cuts_scripts_styles_svg_and_comments_but_keeps_json_ld_text()
    {
        const string html = "<head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</script>"
            + "<style>p{color:red}</style><SCRIPT>var a = '<p>not text</p>';</SCRIPT></head>"
            + "<body><!-- hidden --><p>Kept<svg><path d=\"M0\"/></svg> text</p><scripted>stays</scripted></body>";

        var (filtered, jsonLd) = HtmlPrefilter.Filter(html);

        Assert.Equal("<head></head><body><p>Kept text</p><scripted>stays</scripted></body>", filtered);
        Assert.Equal(["{\"@type\":\"NewsArticle\"}"], jsonLd);
    }

    [Fact]
    public void Leaves_an_unclosed_script_to_the_parser()
    {
        const string html = "<p>Before</p><script>never closed";

        var (filtered, _) = HtmlPrefilter.Filter(html);

        Assert.Equal(html, filtered);
    }

    [Fact]
    public void Copies_the_page_once_into_a_string_of_the_kept_size()
    {
        // A page that is mostly scripts, with a tag every few characters: the prefilter allocated a buffer of the whole
        // page's size besides its output, and a closure per '<', before it was made to copy only what it keeps.
        var body = string.Concat(Enumerable.Repeat("<p><b>a</b> <i>b</i></p>", 2_000));
        var html = "<html><head>" + string.Concat(Enumerable.Repeat("<script>var x = 1;</script>", 2_000)) + "</head><body>"
            + body + "</body></html>";
        HtmlPrefilter.Filter(html);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var (filtered, _) = HtmlPrefilter.Filter(html);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("<html><head></head><body>" + body + "</body></html>", filtered);
        // Beyond the output: the list of the 2,001 parts kept (growing by doubling). The page itself is 2 * 106,078 bytes.
        Assert.InRange(allocated, 2 * filtered.Length, 2 * filtered.Length + 40_000);
    }

    [Theory]
    [InlineData("<head><script type=\"application/ld+json\">{\"a\":1}</script><style>x</style></head><body><!-- c --><p>Kept</p></body>")]
    [InlineData("<p>Before</p><script>never closed")]
    [InlineData("<p>no blocks at all</p>")]
    [InlineData("<!-- never closed <p>x</p>")]
    [InlineData("<p>a</p><SVG><path/></svg ><template><p>t</p></TEMPLATE><script")]
    [InlineData("<script type=application/ld+json>{}</script>")]
    [InlineData("")]
    public void A_page_in_a_buffer_is_filtered_as_the_same_page_in_a_string(string html)
    {
        var expected = HtmlPrefilter.Filter(html);
        // The page in the middle of a larger buffer, as a pooled decode leaves it: positions are the page's, not the buffer's.
        var buffer = ("<script>" + html + "</script>").ToCharArray();

        var (filtered, jsonLd) = HtmlPrefilter.Filter(buffer.AsMemory(8, html.Length));

        Assert.Equal(expected.Html, filtered);
        Assert.Equal(expected.JsonLd, jsonLd);
    }
}
