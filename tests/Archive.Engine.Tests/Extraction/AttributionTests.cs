using Archive.Engine.Extraction;

namespace Archive.Engine.Tests.Extraction;

public sealed class AttributionTests
{
    private static readonly ArticleExtractor Extractor = new();

    private const string Story =
        "<p>The council voted on Tuesday to close the old bridge to heavy traffic, citing a structural survey.</p>"
        + "<p>Engineers said repairs would take at least two years and cost more than the original construction.</p>"
        + "<p>Residents on both banks have asked for a temporary ferry service while the work is carried out.</p>";

    private static ExtractedArticle Extract(string before, string after) =>
        Extractor.Extract($"<html><body><article>{before}{Story}{after}</article></body></html>", new Uri("https://copy.example/story"));

    [Theory]
    [InlineData("<p>Originally published by The River Gazette.</p>", "The River Gazette")]
    [InlineData("<p>This article first appeared on <a href=\"https://gazette.example/bridge\">The River Gazette</a>.</p>", "The River Gazette")]
    [InlineData("<p>Republished from The River Gazette with permission.</p>", "The River Gazette")]
    [InlineData("<p>Via The River Gazette</p>", "The River Gazette")]
    [InlineData("<p>Source: The River Gazette</p>", "The River Gazette")]
    [InlineData("<p><a href=\"https://gazette.example/\">READ MORE ON THE RIVER GAZETTE BY CLICKING HERE</a></p>", "THE RIVER GAZETTE")]
    public void Moves_closing_attribution_lines_out_of_the_text(string line, string name)
    {
        var article = Extract(string.Empty, line);

        var attribution = Assert.Single(article.Attributions);
        Assert.Equal(name, attribution.Name);
        Assert.Equal(AttributionPosition.After, attribution.Position);
        Assert.DoesNotContain("River Gazette", article.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Keeps_the_link_of_an_attribution_line()
    {
        var article = Extract("<p>Source: <a href=\"/origin/bridge\">River Gazette</a></p>", string.Empty);

        var attribution = Assert.Single(article.Attributions);
        Assert.Equal("https://copy.example/origin/bridge", attribution.Url);
        Assert.Equal(AttributionPosition.Before, attribution.Position);
    }

    [Fact]
    public void Leaves_a_read_more_teaser_without_an_outlet_in_neither_text_nor_attributions()
    {
        var article = Extract(string.Empty, "<p>Read more: <a href=\"/other\">Why the bridge is failing</a></p>");

        Assert.Empty(article.Attributions);
        Assert.DoesNotContain("Why the bridge", article.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<p><strong><a href=\"https://gazette.example/bridge\">Publicado originalmente em The River Gazette.</a></strong></p>")]
    [InlineData("<p><a href=\"https://www.gazette.example/\">Zuerst erschienen bei gazette.example</a></p>")]
    public void Keeps_a_line_that_is_all_link_off_the_site_at_an_edge_as_a_possible_credit_line(string line)
    {
        foreach (var (before, after) in new[] { (line, ""), ("", line) })
        {
            var article = Extract(before, after);

            var attribution = Assert.Single(article.Attributions);
            Assert.Null(attribution.Name);
            Assert.StartsWith("https://", attribution.Url, StringComparison.Ordinal);
            Assert.DoesNotContain("gazette", article.Text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void A_link_line_to_the_pages_own_site_is_not_a_credit_line()
    {
        var article = Extract(string.Empty, "<p><a href=\"https://copy.example/en/\">Copy in English</a></p>");

        Assert.Empty(article.Attributions);
    }

    [Fact]
    public void Collects_absolute_links_from_the_story_body()
    {
        var article = Extract(string.Empty, "<p>The survey is published on <a href=\"/docs/survey.pdf\">the council website</a> for residents.</p>");

        var link = Assert.Single(article.Links);
        Assert.Equal("https://copy.example/docs/survey.pdf", link.Url);
        Assert.Equal("the council website", link.Text);
    }
}
