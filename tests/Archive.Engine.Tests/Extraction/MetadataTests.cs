using Archive.Engine.Extraction;

namespace Archive.Engine.Tests.Extraction;

public sealed class MetadataTests
{
    private static readonly ArticleExtractor Extractor = new();
    private static readonly Uri PageUrl = new("https://news.example.com/world/2024/story.html");

    private static ArticleMetadata Read(string head, string body = "<p>Text.</p>") =>
        Extractor.Extract($"<html><head>{head}</head><body>{body}</body></html>", PageUrl).Metadata;

    [Fact]
    public void Reads_the_article_out_of_a_json_ld_graph()
    {
        var metadata = Read("""
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Example News"},
              {"@type":"WebPage","name":"Page name"},
              {"@type":["NewsArticle"],"headline":"Graph headline","author":{"@type":"Person","name":"Ana Ruiz"},
               "datePublished":"2024-03-01T10:00:00+01:00","publisher":{"@type":"Organization","name":"Example News Ltd"}}]}
            </script>
            """);

        Assert.Equal("Graph headline", metadata.Title);
        Assert.Equal(["Ana Ruiz"], metadata.Authors);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.Zero), metadata.PublishedAt);
        Assert.Equal("2024-03-01T10:00:00+01:00", metadata.PublishedRaw);
        Assert.Equal("Example News Ltd", metadata.PublisherName);
    }

    [Fact]
    public void Reads_json_ld_arrays_of_authors_and_based_on_links()
    {
        var metadata = Read("""
            <script type="application/ld+json">[{"@type":"ReportageNewsArticle","headline":"H",
              "author":[{"name":"One"},"Two"],"isBasedOn":["/origin/1", {"@id":"https://other.example/2"}],
              "isBasedOnUrl":"https://third.example/3",}]</script>
            """);

        Assert.Equal(["One", "Two"], metadata.Authors);
        Assert.Equal(["https://news.example.com/origin/1", "https://other.example/2", "https://third.example/3"], metadata.IsBasedOn);
    }

    [Fact]
    public void Tolerates_broken_json_ld_and_falls_back_to_open_graph()
    {
        var metadata = Read("""
            <script type="application/ld+json">{"@type":"NewsArticle","headline": </script>
            <meta property="og:title" content="OG title"><meta property="og:site_name" content="OG Site">
            <meta property="og:description" content="Summary.">
            """);

        Assert.Equal("OG title", metadata.Title);
        Assert.Equal("OG Site", metadata.SiteName);
        Assert.Equal("Summary.", metadata.Description);
    }

    [Fact]
    public void Normalises_published_times_with_compact_offsets_to_utc()
    {
        var metadata = Read("""<meta property="article:published_time" content="2019-11-19T08:03:00-0500">""");

        Assert.Equal(new DateTimeOffset(2019, 11, 19, 13, 3, 0, TimeSpan.Zero), metadata.PublishedAt);
        Assert.Equal(TimeSpan.Zero, metadata.PublishedAt!.Value.Offset);
    }

    [Fact]
    public void Falls_back_to_a_time_element_and_treats_a_missing_offset_as_utc()
    {
        var metadata = Read(string.Empty, "<time datetime=\"2021-06-05 14:30\">June 5</time><p>Text.</p>");

        Assert.Equal(new DateTimeOffset(2021, 6, 5, 14, 30, 0, TimeSpan.Zero), metadata.PublishedAt);
    }

    [Fact]
    public void Makes_the_canonical_url_absolute_and_reads_language_and_author_tags()
    {
        var metadata = Read("""<link rel="canonical" href="/world/story"><meta name="author" content="Jo Bloggs">""");

        Assert.Equal("https://news.example.com/world/story", metadata.CanonicalUrl);
        Assert.Equal("Jo Bloggs", metadata.Byline);
    }

    [Fact]
    public void Reads_microdata_dates_and_the_html_lang()
    {
        var metadata = Extractor.Extract("""
            <html lang="pt-BR"><body><article><meta itemprop="datePublished" content="2022-02-02T02:02:02Z">
            <meta itemprop="dateModified" content="2022-02-03T00:00:00+03:00"><p>Texto.</p></article></body></html>
            """, PageUrl).Metadata;

        Assert.Equal("pt-BR", metadata.Language);
        Assert.Equal(new DateTimeOffset(2022, 2, 2, 2, 2, 2, TimeSpan.Zero), metadata.PublishedAt);
        Assert.Equal(new DateTimeOffset(2022, 2, 2, 21, 0, 0, TimeSpan.Zero), metadata.ModifiedAt);
    }
}
