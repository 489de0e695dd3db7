using System.Text;
using Archive.Engine;
using Archive.Engine.Extraction;
using Archive.Engine.Lineage;
using Archive.Engine.Text;

namespace Archive.Engine.Tests;

public sealed class PageProcessorTests
{
    private static readonly string Source = File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Pages", "002-breitbart-follow-promo-newsletter", "source.html"));

    private static readonly Uri Url = new("https://www.breitbart.com/national-security/2017/03/30/north-korea-pledges-firm-support-maduro/");

    [Fact]
    public void Processing_gives_what_each_stage_gives_on_its_own()
    {
        var page = new PageProcessor().Process(Encoding.UTF8.GetBytes(Source), "text/html; charset=utf-8", Url);

        var article = new ArticleExtractor().Extract(Source, Url);
        Assert.Equal(article.Text, page.Article.Text);
        Assert.Equal("utf-8", page.Page.Charset);
        Assert.Equal(CanonicalText.Normalize(article.Text), page.CanonicalText);
        Assert.Equal(ContentHash.OfText(article.Text), page.ContentHash);
        Assert.Equal(Fingerprinter.Compute(page.CanonicalText).IndexKeys, page.Fingerprint.IndexKeys);
        Assert.Equal(article.Attributions, page.Evidence.Attributions);
        Assert.Equal(article.Links, page.Evidence.Links);
        Assert.Equal(article.Metadata.SiteName, page.Evidence.SiteName);
        Assert.NotEmpty(page.Fingerprint.IndexKeys);
    }

    [Fact]
    public void A_lineage_member_takes_the_canonical_text_the_engine_computed()
    {
        var page = new PageProcessor().Process(Encoding.UTF8.GetBytes(Source), null, Url);

        var member = LineageMember.From(Guid.NewGuid(), Url.AbsoluteUri, page);

        Assert.Same(page.CanonicalText, member.CanonicalText);
        Assert.Equal(page.Article.Metadata.CanonicalUrl, member.CanonicalUrl);
    }
}
