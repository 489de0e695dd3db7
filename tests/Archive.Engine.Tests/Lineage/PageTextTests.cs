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
    public void A_page_s_blocks_are_folded_without_a_copy_of_each_block_or_a_token_list_per_block()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Range(0, 400)
            .Select(i => $"<p>Paragraph {i} of the page, with a few more words in it to fold.</p>")) + "</body></html>";
        var body = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).Body;
        PageText.Blocks(body);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var blocks = PageText.Blocks(body);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(400, blocks.Count);
        Assert.Equal("paragraph 7 of the page with a few more words in it to fold", blocks[7]);
        // The 400 folded strings (~140 bytes each), the list and the walk's stack; a string of each block's text before
        // folding and a token list grown per block were about 200 KB more.
        Assert.InRange(allocated, 0, 120_000);
    }

    [Theory]
    [InlineData("Harbour budget passed", "by the council tonight")]
    [InlineData("A token split acr", "oss two chunks")]
    [InlineData("Café au lait, ", "naïve résumé")]
    [InlineData("東京タワー and the ", "Skytree")]
    [InlineData("", "")]
    public void A_builder_folds_as_its_string_does(string first, string second)
    {
        // A builder of small chunks, so the text lies in several pieces.
        var builder = new System.Text.StringBuilder(4);
        foreach (var piece in first.Chunk(3).Concat(second.Chunk(5)))
        {
            builder.Append(piece);
        }

        Assert.Equal(Shingles.Folded(first + second), Shingles.Folded(builder));
    }

    [Fact]
    public void The_page_text_is_bounded()
    {
        var blocks = Enumerable.Range(0, 20_000).Select(i => $"block number {i} of a very long page").ToList();

        Assert.True(PageText.Outside(blocks, "").Length <= PageText.MaxChars);
    }

    [Fact]
    public void Outside_gives_what_folding_each_article_line_to_a_string_gave()
    {
        // Blocks are kept folded; article lines are not, and may fold to a block (accents, case, punctuation) or not.
        string[] lines = ["Caf\u00E9 au lait", "cafe au lait", "CAFE, AU LAIT!", "N\u00FAmero uno", "numero uno", "x", "", " ", "\u3053\u308C", "a b  c"];
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var blocks = Enumerable.Range(0, random.Next(0, 12)).Select(_ => PageText.Fold(lines[random.Next(lines.Length)]))
                .Where(b => b.Length > 0).ToList();
            var article = string.Join(random.Next(2) == 0 ? "\n\n" : "\n", Enumerable.Range(0, random.Next(0, 6)).Select(_ => lines[random.Next(lines.Length)]));

            Assert.Equal(OutsideByStrings(blocks, article), PageText.Outside(blocks, article));
        }
    }

    // The form before article lines were looked up as spans: each split off and folded into a string of its own.
    private static string OutsideByStrings(IReadOnlyList<string> blocks, string articleText)
    {
        var article = articleText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(PageText.Fold).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var text = new System.Text.StringBuilder();
        foreach (var block in blocks)
        {
            if (article.Contains(block) || !seen.Add(block))
            {
                continue;
            }
            if (text.Length + block.Length + 1 > PageText.MaxChars)
            {
                break;
            }
            text.Append(block).Append('\n');
        }
        return text.ToString();
    }
}
