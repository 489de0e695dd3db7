using Archive.Engine.Extraction;
using Archive.Engine.Lineage;

namespace Archive.Engine.Tests.Lineage;

public sealed class PageTextTests
{
    private static readonly ArticleExtractor Extractor = new();

    [Fact]
    public void The_page_text_keeps_what_the_cleaner_set_aside_and_not_the_article()
    {
        var story = string.Join("", Stories.Paragraphs(Stories.Article(seed: 51, paragraphs: 6)).Select(p => $"<p>{p}</p>"));
        var html = $"""
            <html><body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
            <article><h1>Harbour budget</h1><figure><img src="a.jpg"><figcaption>The northern quay after the storm, photographed by our reader</figcaption></figure>
            {story}</article><footer>Harbour Herald, 1 Quay Street, Northport. All rights reserved.</footer></body></html>
            """;

        var article = Extractor.Extract(html, new Uri("https://herald.example.com/budget"));

        Assert.Contains("the northern quay after the storm photographed by our reader", article.PageText, StringComparison.Ordinal);
        Assert.Contains("harbour herald 1 quay street northport all rights reserved", article.PageText, StringComparison.Ordinal);
        Assert.DoesNotContain(PageText.Fold(Stories.Paragraphs(Stories.Article(seed: 51, paragraphs: 6))[2]), article.PageText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_nested_far_deeper_than_the_call_stack_allows_is_walked()
    {
        // Built through the DOM, not parsed: the parser itself is not what is under test.
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<html><body></body></html>");
        // Innermost first, so no append walks a long chain of ancestors.
        AngleSharp.Dom.INode node = document.CreateTextNode("deep text here");
        for (var i = 0; i < 200_000; i++)
        {
            var parent = document.CreateElement("div");
            parent.AppendChild(node);
            node = parent;
        }
        document.Body!.AppendChild(node);

        var blocks = PageText.Blocks(document.Body);

        Assert.Equal(["deep text here"], blocks);
    }

    [Fact]
    public void The_page_text_is_bounded()
    {
        var blocks = Enumerable.Range(0, 20_000).Select(i => $"block number {i} of a very long page").ToList();

        Assert.True(PageText.Outside(blocks, "").Length <= PageText.MaxChars);
    }
}
