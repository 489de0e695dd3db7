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
}
