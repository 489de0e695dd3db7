using Archive.Engine.Extraction;

namespace Archive.Engine.Tests.Extraction;

public sealed class WarningTests
{
    private static readonly ArticleExtractor Extractor = new();

    [Fact]
    public void A_page_without_article_text_is_flagged()
    {
        var article = Extractor.Extract("<html><body><nav><a href='/'>Home</a> <a href='/about'>About</a></nav></body></html>", null);

        Assert.Equal([ExtractionWarnings.NoArticleText], article.Warnings);
    }

    [Fact]
    public void A_teaser_shorter_than_any_article_is_flagged_as_short()
    {
        var article = Extractor.Extract("<html><body><article><p>Subscribers can read the rest of this story about the harbour wall.</p></article></body></html>", null);

        Assert.Equal([ExtractionWarnings.ShortText], article.Warnings);
    }

    [Fact]
    public void A_whole_article_carries_no_warning_and_the_scorer_confidence()
    {
        var paragraph = "Residents of the harbour town voted by a wide margin on Sunday to borrow the money needed to rebuild the crumbling sea wall, ending a decade of argument over who should pay for it.";
        var html = $"<html><body><nav><a href='/'>Home</a></nav><article><h1>Vote</h1><p>{paragraph}</p><p>{paragraph}</p><p>{paragraph}</p></article><footer><a href='/c'>Contact</a></footer></body></html>";

        var article = Extractor.Extract(html, null);

        Assert.Empty(article.Warnings);
        Assert.InRange(article.Confidence!.Value, 0.5, 1.0);
        Assert.Contains("crumbling sea wall", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Contact", article.Text, StringComparison.Ordinal);
    }
}
