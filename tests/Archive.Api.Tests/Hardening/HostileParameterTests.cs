using System.Net;
using Archive.Api.Tests.Infrastructure;

namespace Archive.Api.Tests.Hardening;

/// <summary>Parameters a hostile caller sends used to reach the database or Kestrel as 500s; each is a 400 problem or works.</summary>
public sealed class HostileParameterTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("/api/publishers?page=2147483647")]
    [InlineData("/api/publishers?page=2147483647&pageSize=1")]
    [InlineData("/api/publishers?page=21474837&pageSize=200")]
    [InlineData("/api/publishers/0193a4f0-0000-7000-8000-000000000000/articles?page=2147483647")]
    [InlineData("/api/audit/republications?page=2147483647")]
    [InlineData("/api/audit/republications?page=2147483647&pageSize=1000")]
    [InlineData("/api/search?q=x&page=2147483647")]
    [InlineData("/api/audit/republications?publisher=%00")]
    [InlineData("/api/audit/republications?source=%00")]
    [InlineData("/api/audit/republications?source=a%00b&format=csv")]
    [InlineData("/api/articles?url=https%3A%2F%2Fa.example%2F%00")]
    [InlineData("/api/search?q=%00")]
    [InlineData("/api/search?q=x&publisher=%00")]
    [InlineData("/audit?publisher=%00")]
    [InlineData("/search?q=%00")]
    public async Task A_hostile_parameter_is_a_client_error_never_a_server_error(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.True((int)response.StatusCode is >= 200 and < 500, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [InlineData("https://münchen.example/story")]
    [InlineData("https://例え.テスト/記事?q=ü#frag")]
    [InlineData("https://xn--mnchen-3ya.example/ß")]
    public async Task The_raw_capture_of_an_international_url_is_served(string url)
    {
        var html = $"<html><head><title>IDN</title></head><body><article><p>{new string('z', 400)}</p></article></body></html>";
        var article = await (await _client.PostJsonAsync("/api/captures", new { url, html })).ReadJsonAsync(HttpStatusCode.Created);

        var raw = await _client.GetAsync($"/api/captures/{article.GetProperty("capture").GetProperty("id").GetGuid()}/raw");

        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        var finalUrl = raw.Headers.GetValues("X-Archive-Final-Url").Single();
        Assert.True(finalUrl.All(c => c is > ' ' and < '\u007f'), finalUrl);
        Assert.Equal(new Uri(url).IdnHost, new Uri(finalUrl).IdnHost);
    }
}
