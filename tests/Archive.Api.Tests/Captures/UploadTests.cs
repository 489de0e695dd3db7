using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;
using Archive.Engine.Text;

namespace Archive.Api.Tests.Captures;

public sealed class UploadTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private const string Url = "https://www.breitbart.com/national-security/2017/03/30/north-korea-pledges-firm-support-maduro/";
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Uploading_a_page_returns_the_clean_article_with_its_provenance()
    {
        var html = SeedPages.Read("breitbart-002.html");
        var capturedAt = new DateTimeOffset(2017, 3, 31, 8, 0, 0, TimeSpan.Zero);

        var response = await _client.PostJsonAsync("/api/captures", new { url = Url, html, capturedAt });
        var article = await response.ReadJsonAsync(HttpStatusCode.Created);

        var expectedText = SeedPages.Read("breitbart-002.expected.txt");
        var text = article.GetProperty("text").GetString()!;
        Assert.Equal(CanonicalText.Normalize(expectedText), CanonicalText.Normalize(text));
        Assert.Equal(ContentHash.OfText(expectedText).ToString(), article.GetProperty("contentHash").GetString());
        Assert.DoesNotContain("AP Photo", text, StringComparison.Ordinal);
        Assert.DoesNotContain("COMMENTS", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Follow Ben Kew", text, StringComparison.Ordinal);
        Assert.DoesNotContain("cookies", text, StringComparison.Ordinal);

        Assert.Equal("North Korea Pledges \u2018Firm Support\u2019 for Maduro Regime", article.GetProperty("title").GetString());
        Assert.Equal("Breitbart", article.GetProperty("publisher").GetProperty("name").GetString());
        Assert.Equal("breitbart.com", article.GetProperty("publisher").GetProperty("domain").GetString());
        Assert.Equal(new DateTimeOffset(2017, 3, 30, 18, 21, 9, TimeSpan.Zero), article.GetProperty("publishedAt").GetDateTimeOffset());
        Assert.Equal("en", article.GetProperty("language").GetString()![..2]);
        var capture = article.GetProperty("capture");
        Assert.Equal(capturedAt, capture.GetProperty("capturedAt").GetDateTimeOffset());
        Assert.Equal("uploaded", capture.GetProperty("source").GetString());
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(html))), capture.GetProperty("rawSha256").GetString());
        Assert.Equal($"/api/articles/{article.GetProperty("id").GetGuid()}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_answer_to_an_upload_is_the_article_as_a_later_read_gives_it()
    {
        // The answer is built from what ingest stored rather than read back: it must not differ from a read in any field.
        var html = SeedPages.Read("breitbart-002.html").Replace("30 Mar 2017", "30 Mar 2017 (answer)", StringComparison.Ordinal);
        var response = await _client.PostJsonAsync("/api/captures",
            new { url = Url + "?answer", html, capturedAt = new DateTimeOffset(2017, 3, 31, 8, 0, 0, 123, TimeSpan.FromHours(2)) });
        var posted = await response.ReadJsonAsync(HttpStatusCode.Created);

        var read = await (await _client.GetAsync($"/api/articles/{posted.GetProperty("id").GetGuid()}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Object, posted.GetProperty("evidence").ValueKind);
        Assert.Equal(read.GetRawText(), posted.GetRawText());
    }

    [Fact]
    public async Task The_raw_capture_comes_back_byte_for_byte()
    {
        var html = SeedPages.Read("breitbart-002.html").Replace("30 Mar 2017", "30 Mar 2017 (raw)", StringComparison.Ordinal);
        var article = await (await _client.PostJsonAsync("/api/captures", new { url = Url + "?raw", html })).ReadJsonAsync(HttpStatusCode.Created);
        var captureId = article.GetProperty("capture").GetProperty("id").GetGuid();

        var raw = await _client.GetAsync($"/api/captures/{captureId}/raw");

        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal("text/html; charset=utf-8", raw.Headers.GetValues("X-Archive-Content-Type").Single());
        Assert.Equal(Encoding.UTF8.GetBytes(html), await raw.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Uploading_the_same_url_again_adds_a_version_and_keeps_the_newest_current()
    {
        const string url = "https://example.org/versions/story";
        var first = await (await _client.PostJsonAsync("/api/captures",
            new { url, html = Page("First text of the story, long enough to be an article body.") , capturedAt = "2024-01-02T00:00:00Z" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var second = await (await _client.PostJsonAsync("/api/captures",
            new { url, html = Page("Second, corrected text of the story, long enough to be an article body."), capturedAt = "2024-01-03T00:00:00Z" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        // An older capture uploaded later does not displace the newest one.
        var older = await (await _client.PostJsonAsync("/api/captures",
            new { url, html = Page("Oldest text of the story, long enough to be an article body."), capturedAt = "2023-12-31T00:00:00Z" }))
            .ReadJsonAsync(HttpStatusCode.Created);

        var id = first.GetProperty("id").GetGuid();
        Assert.Equal(id, second.GetProperty("id").GetGuid());
        Assert.Equal(id, older.GetProperty("id").GetGuid());
        Assert.False(older.GetProperty("isCurrent").GetBoolean());
        var current = await (await _client.GetAsync($"/api/articles/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(second.GetProperty("versionId").GetGuid(), current.GetProperty("versionId").GetGuid());
        var versions = await (await _client.GetAsync($"/api/articles/{id}/versions")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, versions.GetArrayLength());
        Assert.True(versions[0].GetProperty("isCurrent").GetBoolean());
        Assert.Equal(new DateTimeOffset(2024, 1, 3, 0, 0, 0, TimeSpan.Zero), versions[0].GetProperty("capturedAt").GetDateTimeOffset());
        var byUrl = await (await _client.GetAsync($"/api/articles?url={Uri.EscapeDataString(url + "?utm_source=x#top")}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(id, byUrl.GetProperty("id").GetGuid());
        var text = await _client.GetAsync($"/api/articles/{id}/text");
        Assert.Equal("text/plain", text.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Second, corrected text", await text.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publishers_list_their_articles()
    {
        await _client.PostJsonAsync("/api/captures", new { url = "https://news.example.co.uk/a", html = Page("A story on a UK site, long enough to count.") });

        var publishers = await (await _client.GetAsync("/api/publishers?pageSize=200")).ReadJsonAsync(HttpStatusCode.OK);
        var publisher = publishers.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("domain").GetString() == "example.co.uk");
        var articles = await (await _client.GetAsync($"/api/publishers/{publisher.GetProperty("id").GetGuid()}/articles"))
            .ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, articles.GetProperty("total").GetInt32());
        Assert.Equal("https://news.example.co.uk/a", articles.GetProperty("items")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task Pages_from_a_new_outlet_arriving_at_once_make_one_publisher()
    {
        var uploads = Enumerable.Range(1, 8).Select(i => _client.PostJsonAsync("/api/captures",
            new { url = $"https://www.racingoutlet.net/story-{i}", html = Page($"Story {i} from an outlet nobody archived before.") }));
        var articles = await Task.WhenAll((await Task.WhenAll(uploads)).Select(r => r.ReadJsonAsync(HttpStatusCode.Created)));

        var ids = articles.Select(a => a.GetProperty("publisher").GetProperty("id").GetGuid()).Distinct().ToList();
        var id = Assert.Single(ids);
        var listed = await (await _client.GetAsync($"/api/publishers/{id}/articles")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(8, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_upload_whose_text_is_doubtful_says_so_in_the_answer_and_the_article()
    {
        var empty = await (await _client.PostJsonAsync("/api/captures",
            new { url = "https://blank.example.org/nothing", html = "<html><head><title>Nothing</title></head><body><nav><a href=\"/\">Home</a></nav></body></html>" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(["no-article-text"], empty.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));

        var teaser = await (await _client.PostJsonAsync("/api/captures",
            new { url = "https://blank.example.org/teaser", html = Page("Only a teaser of the story is shown here.") }))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(["short-text"], teaser.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
        var stored = await (await _client.GetAsync($"/api/articles/{teaser.GetProperty("id").GetGuid()}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["short-text"], stored.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));

        var article = await (await _client.PostJsonAsync("/api/captures", new { url = Url + "?warnings", html = SeedPages.Read("breitbart-002.html") }))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Empty(article.GetProperty("warnings").EnumerateArray());
        Assert.InRange(article.GetProperty("extractionConfidence").GetDouble(), 0.5, 1.0);
    }

    internal static string Page(string paragraph) =>
        $"<html lang=\"en\"><head><title>Story</title></head><body><article><h1>Story</h1><p>{paragraph}</p>" +
        $"<p>{paragraph} It goes on for a second paragraph so that the page reads as an article.</p></article></body></html>";
}
