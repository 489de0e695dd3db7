using Archive.Engine.Extraction;

namespace Archive.Engine.Tests.Extraction;

public sealed class HtmlParsingTests
{
    [Fact]
    public void A_parse_gives_the_tokenizer_buffer_back()
    {
        // One text run of 100,000 characters: the DOM holds it as one string (200,000 bytes). The tokenizer's buffer of
        // the page's size (131,072 characters once rounded up by the pool) was left to the collector after every parse.
        var html = "<html><body><p>" + new string('x', 100_000) + "</p></body></html>";
        HtmlParsing.Parse(html);

        var allocated = Allocated(() => HtmlParsing.Parse(html));

        Assert.InRange(allocated, 200_000, 240_000);
    }

    [Fact]
    public void Attributes_are_not_observed_while_the_tree_is_built()
    {
        // 2,000 links with a class, a rel and an href: the default attribute observer looked each attribute up, parsed
        // the href as a URL and built the link's relation list, none of which any stage reads.
        var html = "<html><body>" + string.Concat(Enumerable.Range(0, 2_000).Select(i =>
            $"<link class=\"c\" rel=\"stylesheet\" href=\"https://example.com/{i}.css\">")) + "</body></html>";
        HtmlParsing.Parse(html);

        var allocated = Allocated(() => HtmlParsing.Parse(html));

        var page = HtmlParsing.Parse(html);
        Assert.Equal(2_000, page.Document.QuerySelectorAll("link.c[rel=stylesheet]").Length);
        Assert.InRange(allocated / 2_000, 0, 2_000); // 6,362 bytes a link with the observer, 955 without
    }

    private static long Allocated(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
