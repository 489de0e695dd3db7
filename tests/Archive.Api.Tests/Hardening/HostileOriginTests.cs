using System.Net;
using System.Text;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;
using Archive.Fetching.Tests;

namespace Archive.Api.Tests.Hardening;

/// <summary>Origins that answer what no well-behaved server would; each ends in a state that says what happened.</summary>
public sealed class HostileOriginTests(ArchiveApiFactory factory, RawOrigin origin) : IClassFixture<ArchiveApiFactory>, IClassFixture<RawOrigin>
{
    private const string Page = "<html><head><title>Raw origin</title></head><body><article><p>Grüße aus Zürich. A story long enough to keep.</p></article></body></html>";
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<JsonElement> FetchAsync(string path, string head, byte[] body)
    {
        origin.Serve(path, head, body);
        var job = await (await _client.PostJsonAsync("/api/captures", new { url = origin.Url(path).AbsoluteUri })).ReadJsonAsync(HttpStatusCode.Accepted);
        return await _client.WaitForJobAsync(job.GetProperty("id").GetGuid(), TimeSpan.FromMinutes(1));
    }

    private static string Reason(JsonElement status) => status.GetProperty("lastError").GetProperty("reason").GetString()!;

    [Fact]
    public async Task A_body_shorter_than_its_content_length_is_truncated_not_archived()
    {
        var status = await FetchAsync("/short", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000", "<html"u8.ToArray());

        Assert.Equal("failed", status.GetProperty("state").GetString());
        Assert.Equal("truncated", Reason(status));
    }

    [Fact]
    public async Task An_overflowing_header_block_fails_at_once_as_permanent()
    {
        var head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + string.Concat(Enumerable.Range(0, 4000).Select(i => $"X-Filler-{i}: {new string('a', 40)}\r\n"))
            + $"Content-Length: {Page.Length}";
        var status = await FetchAsync("/overflow", head, Encoding.UTF8.GetBytes(Page));

        Assert.Equal("failed", status.GetProperty("state").GetString());
        Assert.Equal("invalid-response", Reason(status));
        Assert.Equal(1, status.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task An_undecodable_content_encoding_fails_at_once_as_permanent()
    {
        var status = await FetchAsync("/x-encoding", $"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: x-hostile\r\nContent-Length: {Page.Length}",
            Encoding.UTF8.GetBytes(Page));

        Assert.Equal("failed", status.GetProperty("state").GetString());
        Assert.Equal("invalid-response", Reason(status));
        Assert.Equal(1, status.GetProperty("attempts").GetInt32());
    }

    [Theory]
    [InlineData("/listed-type", "text/html, application/json")]
    [InlineData("/utf7-type", "text/html; charset=utf-7")]
    [InlineData("/utf32-type", "text/html; charset=utf-32")]
    [InlineData("/junk-type", "text/html; charset=\"\u00ff\u00fe\"; q=\"")]
    public async Task A_hostile_content_type_is_archived_and_never_echoed_back(string path, string contentType)
    {
        var body = Encoding.UTF8.GetBytes(Page);
        var status = await FetchAsync(path, $"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}", body);

        Assert.Equal("done", status.GetProperty("state").GetString());
        var raw = await _client.GetAsync($"/api/captures/{status.GetProperty("id").GetGuid()}/raw");
        var served = raw.Headers.GetValues("X-Archive-Content-Type").Single();
        Assert.DoesNotContain(",", served, StringComparison.Ordinal);
        Assert.StartsWith("text/html", served, StringComparison.Ordinal);
        var article = await (await _client.GetAsync($"/api/articles/{status.GetProperty("articleId").GetGuid()}"))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains("Grüße aus Zürich", article.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_robots_txt_cut_short_is_unavailable_not_allow_all()
    {
        var site = new RawOrigin();
        await site.InitializeAsync();
        try
        {
            await RobotsCutShortAsync(site);
        }
        finally
        {
            await site.DisposeAsync();
            site.Dispose();
        }
    }

    private async Task RobotsCutShortAsync(RawOrigin site)
    {
        site.Serve("/robots.txt", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 400", "User-agent: *\nDisallow: /\n"u8.ToArray());
        site.Serve("/page", $"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {Encoding.UTF8.GetByteCount(Page)}", Encoding.UTF8.GetBytes(Page));

        var job = await (await _client.PostJsonAsync("/api/captures", new { url = site.Url("/page").AbsoluteUri })).ReadJsonAsync(HttpStatusCode.Accepted);
        var status = await _client.WaitForJobAsync(job.GetProperty("id").GetGuid(), TimeSpan.FromMinutes(1));

        Assert.Equal("failed", status.GetProperty("state").GetString());
        Assert.Equal("robots-unavailable", Reason(status));
    }
}

/// <summary>What a refused fetch tells the public: the class of the refusal, never the addresses a name resolved to.</summary>
public sealed class BlockedAddressDisclosureTests(DefaultPolicyApiFactory factory, FixtureOrigin origin)
    : IClassFixture<DefaultPolicyApiFactory>, IClassFixture<FixtureOrigin>
{
    [Fact]
    public async Task A_blocked_fetch_names_the_kind_of_address_only()
    {
        var client = factory.CreateClient();
        var job = await (await client.PostJsonAsync("/api/captures", new { url = $"http://localhost:{origin.Port}/page" }))
            .ReadJsonAsync(HttpStatusCode.Accepted);

        var status = await client.WaitForJobAsync(job.GetProperty("id").GetGuid());

        var failure = status.GetProperty("lastError");
        Assert.Equal("blocked-address", failure.GetProperty("reason").GetString());
        var message = failure.GetProperty("message").GetString()!;
        Assert.Contains("loopback", message, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", message, StringComparison.Ordinal);
        Assert.DoesNotContain("::1", message, StringComparison.Ordinal);
    }
}
