using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;

namespace Archive.Api.Tests.FrontDoor;

public sealed class ApiShapeTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string Page(string marker) =>
        $"<html><head><title>Front door {marker}</title></head><body><article>" +
        $"<h1>Front door {marker}</h1><p>{string.Join(" ", Enumerable.Repeat($"The council met on Tuesday to discuss {marker}.", 12))}</p>" +
        "</article></body></html>";

    [Fact]
    public async Task Validation_errors_name_fields_as_the_request_does()
    {
        var single = await (await _client.PostJsonAsync("/api/captures", new { url = "ftp://example.com/x" })).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(single.GetProperty("errors").TryGetProperty("url", out _), single.ToString());

        var batch = await (await _client.PostJsonAsync("/api/captures/batch",
            new { urls = new[] { "https://example.com/a", "https://example.com/b", "not a url" } })).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["urls[2]"], batch.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("GET", "/api/articles/00000000-0000-0000-0000-000000000001?version=2", null, "version")]
    [InlineData("GET", "/api/publishers?page=x", null, "page")]
    [InlineData("GET", "/api/publishers?page=0", null, "page")]
    [InlineData("GET", "/api/articles?page=x", null, "page")]
    [InlineData("GET", "/api/captures?batch=x", null, "batch")]
    [InlineData("GET", "/api/search?q=a&pageSize=x", null, "pageSize")]
    [InlineData("GET", "/api/audit/republications?from=yesterday", null, "from")]
    [InlineData("POST", "/api/captures", "{\"url\": 5}", "url")]
    [InlineData("POST", "/api/captures", "{\"url\": \"https://example.com/\", \"force\": \"yes\"}", "force")]
    [InlineData("POST", "/api/captures/batch", "{\"urls\": [\"https://example.com/\", 7]}", "urls[1]")]
    public async Task Binding_errors_are_validation_problems_that_name_the_field_and_no_CSharp_type(string method, string path, string? body,
        string field)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
        };

        var problem = await (await _client.SendAsync(request)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        foreach (var csharp in new[] { "Nullable", "Guid ", "Int32", "Archive.Api", "System.", "Boolean" })
        {
            Assert.DoesNotContain(csharp, problem.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_same_bytes_captured_at_the_same_time_are_one_capture()
    {
        var upload = new { url = "https://door.example/news/same", html = Page("same"), capturedAt = "2024-05-01T10:00:00+02:00" };

        var first = await (await _client.PostJsonAsync("/api/captures", upload)).ReadJsonAsync(HttpStatusCode.Created);
        var again = await (await _client.PostJsonAsync("/api/captures", upload)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(first.GetProperty("versionId").GetGuid(), again.GetProperty("versionId").GetGuid());
        Assert.Equal(1, again.GetProperty("versionCount").GetInt32());
        Assert.Equal("2024-05-01T08:00:00Z", again.GetProperty("capture").GetProperty("capturedAt").GetString());
        Assert.StartsWith("sha256:", again.GetProperty("capture").GetProperty("rawSha256").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("sha256:", again.GetProperty("contentHash").GetString(), StringComparison.Ordinal);
        // Another moment is another capture.
        await (await _client.PostJsonAsync("/api/captures", upload with { capturedAt = "2024-05-02T10:00:00Z" })).ReadJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Raw_captures_are_immutable_and_articles_answer_if_none_match_with_304()
    {
        var article = await (await _client.PostJsonAsync("/api/captures", new { url = "https://door.example/news/etag", html = Page("etag") }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var articleUrl = $"/api/articles/{article.GetProperty("id").GetGuid()}";
        var rawUrl = $"/api/captures/{article.GetProperty("capture").GetProperty("id").GetGuid()}/raw";

        var raw = await _client.GetAsync(rawUrl);
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Contains("immutable", raw.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.False(raw.Headers.ETag!.IsWeak);
        Assert.Equal(HttpStatusCode.NotModified, (await SendAsync(HttpMethod.Get, rawUrl, raw.Headers.ETag)).StatusCode);

        var read = await _client.GetAsync(articleUrl);
        var etag = read.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await SendAsync(HttpMethod.Get, articleUrl, etag)).StatusCode);
        // A new version is a new representation.
        await (await _client.PostJsonAsync("/api/captures", new { url = "https://door.example/news/etag", html = Page("etag, updated") }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var changed = await SendAsync(HttpMethod.Get, articleUrl, etag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Theory]
    [InlineData("/api/publishers")]
    [InlineData("/api/articles")]
    [InlineData("/api/captures")]
    [InlineData("/api/audit/matrix")]
    [InlineData("/health")]
    public async Task HEAD_answers_wherever_GET_does(string path)
    {
        var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_publisher_is_named_by_id_or_domain_everywhere_and_the_audit_views_come_as_CSV()
    {
        await (await _client.PostJsonAsync("/api/captures", new { url = "https://www.doordaily.example/news/one", html = Page("one") }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var byDomain = await (await _client.GetAsync("/api/publishers/doordaily.example/articles")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, byDomain.GetProperty("total").GetInt32());
        var publisherId = byDomain.GetProperty("items")[0].GetProperty("publisher").GetProperty("id").GetGuid();
        Assert.Equal(1, (await (await _client.GetAsync($"/api/publishers/{publisherId}/articles")).ReadJsonAsync(HttpStatusCode.OK))
            .GetProperty("total").GetInt32());
        Assert.Equal(1, (await (await _client.GetAsync("/api/articles?publisher=doordaily.example")).ReadJsonAsync(HttpStatusCode.OK))
            .GetProperty("total").GetInt32());

        var audit = await (await _client.GetAsync("/api/audit/publishers/doordaily.example")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(publisherId, audit.GetProperty("publisher").GetProperty("id").GetGuid());

        var matrix = await _client.GetAsync("/api/audit/matrix?format=csv");
        Assert.Equal("text/csv", matrix.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("republisher_id,", await matrix.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var publisherCsv = await _client.GetAsync("/api/audit/publishers/doordaily.example?format=csv");
        Assert.Equal("text/csv", publisherCsv.Content.Headers.ContentType?.MediaType);
        await (await _client.GetAsync("/api/audit/matrix?format=xml")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await _client.GetAsync("/api/publishers/nobody.example/articles")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Articles_are_listed_newest_first_and_found_by_content_hash()
    {
        var older = await (await _client.PostJsonAsync("/api/captures",
            new { url = "https://list.example/a", html = Page("list a"), capturedAt = "2020-01-01T00:00:00Z" })).ReadJsonAsync(HttpStatusCode.Created);
        var newer = await (await _client.PostJsonAsync("/api/captures",
            new { url = "https://list.example/b", html = Page("list b"), capturedAt = "2020-02-01T00:00:00Z" })).ReadJsonAsync(HttpStatusCode.Created);

        var listed = await (await _client.GetAsync("/api/articles?publisher=list.example")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal([newer.GetProperty("id").GetGuid(), older.GetProperty("id").GetGuid()],
            listed.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()));

        var hash = older.GetProperty("contentHash").GetString();
        var byHash = await (await _client.GetAsync($"/api/articles?contentHash={hash}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(older.GetProperty("id").GetGuid(), Assert.Single(byHash.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());

        var window = await (await _client.GetAsync("/api/articles?publisher=list.example&from=2020-01-15T00:00:00Z")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, window.GetProperty("total").GetInt32());
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, EntityTagHeaderValue? ifNoneMatch)
    {
        var request = new HttpRequestMessage(method, url);
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(ifNoneMatch);
        }
        return _client.SendAsync(request);
    }
}
