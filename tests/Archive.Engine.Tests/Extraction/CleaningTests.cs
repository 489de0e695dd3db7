using Archive.Engine.Extraction;
using Archive.Engine.Extraction.Cleaning;
using Archive.Engine.Extraction.Content;

namespace Archive.Engine.Tests.Extraction;

/// <summary>The cleaning stage alone, without the block model: what is removed as furniture or structure and what must stay.</summary>
public sealed class CleaningTests
{
    private const string Prose =
        "The council met on Tuesday evening to decide how the harbour wall should be repaired before winter, and after "
        + "three hours of argument it voted to borrow the money rather than raise the harbour dues this year.";

    [Fact]
    public void A_named_inline_element_inside_a_sentence_keeps_its_words()
    {
        var page = Parse($"<article><p>The bill was threatened by <span class='share-popover'>Rep. Jane Roe</span> (D-Minn.) on Monday.</p><p>{Prose}</p></article>");

        DocumentCleaner.RemoveFurniture(page.Document);

        Assert.Contains("threatened by Rep. Jane Roe (D-Minn.)", page.Document.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_named_inline_element_of_a_long_paragraph_keeps_its_words()
    {
        var sentence = string.Concat(Enumerable.Range(0, 2000).Select(i => $"Word {i} <span class='tooltip-hover'>name{i}</span> said. "));
        var page = Parse($"<article><p>{sentence}</p></article>");

        DocumentCleaner.RemoveFurniture(page.Document);

        Assert.Equal(2000, page.Document.QuerySelectorAll("span").Length);
    }

    [Fact]
    public void A_named_inline_element_standing_between_blocks_is_furniture()
    {
        var page = Parse($"<article><p>{Prose}</p><span class='share-tools'><a href='/s'>Share this story</a></span><p>{Prose}</p></article>");

        DocumentCleaner.RemoveFurniture(page.Document);

        Assert.DoesNotContain("Share this story", page.Document.Body!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<div hidden id='S:0'>{0}</div>")]
    [InlineData("<aside class='banner'><p>We are hiring</p><main>{0}</main>")]
    [InlineData("<noscript>{0}</noscript>")]
    public void An_element_holding_most_of_the_prose_is_the_page_whatever_its_tag_or_visibility(string template)
    {
        var story = $"<p>{Prose}</p><p>{Prose}</p>";
        var page = Parse("<div class='skeleton'><p>Loading</p></div>" + string.Format(System.Globalization.CultureInfo.InvariantCulture, template, story));
        var body = page.Document.Body!;

        DocumentCleaner.RemoveStructure(body, keepSections: false, DocumentStatistics.Compute(body));

        Assert.Contains("borrow the money", body.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hidden_element_with_a_minor_share_of_the_prose_is_removed()
    {
        var page = Parse($"<article><p>{Prose}</p><p>{Prose}</p><p>{Prose}</p></article><div hidden><p>{Prose.Replace("council", "committee", StringComparison.Ordinal)}</p></div>");
        var body = page.Document.Body!;

        DocumentCleaner.RemoveStructure(body, keepSections: false, DocumentStatistics.Compute(body));

        Assert.DoesNotContain("committee", body.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_card_made_clickable_with_a_button_role_is_content_and_a_button_label_is_not()
    {
        var page = Parse("<div role='button'><h3>Left-handed players win more duels</h3><p>A study of ten thousand fencing bouts finds that left-handed fencers win more often than their share of the sport predicts.</p></div>"
            + "<div role='button'>Load more</div>");
        var body = page.Document.Body!;

        DocumentCleaner.RemoveStructure(body, keepSections: false, DocumentStatistics.Compute(body));

        Assert.Contains("Left-handed players win more duels", body.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Load more", body.TextContent, StringComparison.Ordinal);
    }

    private static ParsedPage Parse(string body) => HtmlParsing.Parse($"<html><head><title>T</title></head><body>{body}</body></html>");
}
