using System.Text;
using Archive.Engine.Extraction;
using Archive.Engine.Extraction.Nesting;

namespace Archive.Engine.Tests.Extraction;

/// <summary>
/// The engine reads at most <see cref="ExtractionLimits.MaxTextChars"/> of a page's text: every stage holds copies of
/// it, so a 10 MB page of text cost 540 MiB of heap to extract before the cap (and four at once took the service to
/// 1.5 GiB). A page past the cap is cut there, and its article says so.
/// </summary>
public sealed class TextBudgetTests
{
    private static readonly ExtractionLimits Budget = new() { MaxTextChars = 20_000 };

    private static string Story(int paragraphs)
    {
        var html = new StringBuilder("<html><head><title>A long story</title></head><body><article><h1>A long story</h1>");
        for (var i = 0; i < paragraphs; i++)
        {
            html.Append($"<p>Paragraph {i} tells how the harbour board met on day {i} and voted on the dredging of berth {i % 7}.</p>");
        }
        return html.Append("</article></body></html>").ToString();
    }

    [Fact]
    public void A_page_with_more_text_than_the_budget_is_cut_there_and_its_article_says_so()
    {
        var article = new ArticleExtractor(Budget).Extract(Story(2_000), new Uri("https://example.com/long"));

        Assert.Contains(ExtractionWarnings.TextCut, article.Warnings);
        Assert.Contains("Paragraph 3 tells", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Paragraph 1999 tells", article.Text, StringComparison.Ordinal);
        // The budget counts the page's text; the article adds a blank line between paragraphs.
        Assert.True(article.Text.Length <= Budget.MaxTextChars * 1.05, $"{article.Text.Length} chars of text");
    }

    [Fact]
    public void A_page_within_the_budget_is_read_whole_and_not_flagged()
    {
        var page = Story(100);

        var article = new ArticleExtractor(Budget).Extract(page, new Uri("https://example.com/short"));

        Assert.DoesNotContain(ExtractionWarnings.TextCut, article.Warnings);
        Assert.Contains("Paragraph 99 tells", article.Text, StringComparison.Ordinal);
        Assert.Same(page, NestingLimiter.Limit(page, Budget, out var cut));
        Assert.False(cut);
    }

    [Theory]
    [InlineData("one text node", "<html><body><p>{0}</p></body></html>")]
    [InlineData("no markup at all", "{0}")]
    [InlineData("textarea", "<html><body><textarea>{0}</textarea><p>after</p></body></html>")]
    [InlineData("title", "<html><head><title>{0}</title></head><body><p>after</p></body></html>")]
    [InlineData("plaintext", "<html><body><plaintext>{0}")]
    [InlineData("stray angle brackets", "<html><body><p>{0}</p></body></html>")]
    public void Every_kind_of_text_counts_against_the_budget(string name, string shape)
    {
        var text = name == "stray angle brackets" ? string.Concat(Enumerable.Repeat("a < b ", 50_000)) : new string('x', 300_000);
        var html = string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, text);

        var limited = NestingLimiter.Limit(html, Budget, out var cut);

        Assert.True(cut, name);
        Assert.True(limited.Length < Budget.MaxTextChars + 200, $"{name}: {limited.Length} chars left");
    }

    [Fact]
    public void A_cut_never_splits_a_character_in_two()
    {
        var html = "<p>" + string.Concat(Enumerable.Repeat("\U0001F30A", 50_000)) + "</p>";

        for (var budget = 999; budget <= 1_002; budget++)
        {
            var limited = NestingLimiter.Limit(html, new ExtractionLimits { MaxTextChars = budget }, out _);

            Assert.False(char.IsHighSurrogate(limited[^1]), $"budget {budget}");
        }
    }
}
