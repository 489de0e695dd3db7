using Archive.Engine.Extraction;
using Archive.Engine.Extraction.Scoring;

namespace Archive.Engine.Tests.Extraction;

public sealed class ControlsTests
{
    [Fact]
    public void Each_element_counts_the_form_controls_below_it()
    {
        var body = HtmlParsing.Parse("<html><body><div id='box'><select></select><div id='inner'><button>Buy</button><input></div></div><p id='text'>Words</p></body></html>").Document.Body!;

        var counts = Controls.Count(body);

        Assert.Equal(3, counts[body]);
        Assert.Equal(3, counts[body.QuerySelector("#box")!]);
        Assert.Equal(2, counts[body.QuerySelector("#inner")!]);
        Assert.False(counts.ContainsKey(body.QuerySelector("#text")!));
    }

    [Fact]
    public void A_page_nested_thousands_deep_is_counted_without_recursion()
    {
        const int depth = 20_000;
        var html = string.Concat(Enumerable.Repeat("<span>", depth)) + "<input>" + string.Concat(Enumerable.Repeat("</span>", depth));
        var body = HtmlParsing.Parse($"<html><body>{html}</body></html>").Document.Body!;

        var counts = Controls.Count(body);

        Assert.Equal(1, counts[body]);
    }
}
