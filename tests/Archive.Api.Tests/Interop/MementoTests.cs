using System.Net;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;

namespace Archive.Api.Tests.Interop;

/// <summary>RFC 7089 patterns: a TimeGate redirecting by Accept-Datetime, mementos with Memento-Datetime and Link, TimeMaps.</summary>
public sealed class MementoTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private const string Url = "https://memento.example/news/story";
    private readonly HttpClient _client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private async Task ArchiveThreeAsync()
    {
        if ((await _client.GetAsync($"/web/timemap/link/{Url}")).StatusCode == HttpStatusCode.OK)
        {
            return;
        }
        foreach (var (at, sentence) in new[]
        {
            ("2007-04-01T19:06:16Z", "The first edition said little."),
            ("2007-05-31T20:35:00Z", "The second edition said more <script>alert(1)</script>."),
            ("2008-04-09T20:30:51Z", "The third edition corrected the name."),
        })
        {
            await (await _client.PostJsonAsync("/api/captures", new { url = Url, html = NewsOrigin.Article("Story", sentence), capturedAt = at }))
                .ReadJsonAsync(HttpStatusCode.Created);
        }
    }

    [Fact]
    public async Task The_timegate_redirects_to_the_memento_nearest_the_accept_datetime()
    {
        await ArchiveThreeAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/web/{Url}");
        request.Headers.TryAddWithoutValidation("Accept-Datetime", "Thu, 31 May 2007 20:00:00 GMT");
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal($"http://localhost/web/20070531203500/{Url}", response.Headers.Location!.ToString());
        Assert.Equal("accept-datetime", response.Headers.Vary.Single());
        var link = response.Headers.GetValues("Link").Single();
        Assert.Contains($"<{Url}>; rel=\"original\"", link, StringComparison.Ordinal);
        Assert.Contains($"<http://localhost/web/timemap/link/{Url}>; rel=\"timemap\"; type=\"application/link-format\"", link, StringComparison.Ordinal);

        // Without Accept-Datetime, the most recent memento.
        var latest = await _client.GetAsync($"/web/{Url}");
        Assert.Equal($"http://localhost/web/20080409203051/{Url}", latest.Headers.Location!.ToString());

        var bad = new HttpRequestMessage(HttpMethod.Get, $"/web/{Url}");
        bad.Headers.TryAddWithoutValidation("Accept-Datetime", "yesterday");
        await (await _client.SendAsync(bad)).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_memento_carries_memento_datetime_and_links_to_its_neighbours_and_is_html_the_archive_wrote()
    {
        await ArchiveThreeAsync();
        var response = await _client.GetAsync($"/web/20070531203500/{Url}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Thu, 31 May 2007 20:35:00 GMT", response.Headers.GetValues("Memento-Datetime").Single());
        var link = response.Headers.GetValues("Link").Single();
        Assert.Contains($"<http://localhost/web/{Url}>; rel=\"timegate\"", link, StringComparison.Ordinal);
        Assert.Contains($"<http://localhost/web/20070401190616/{Url}>; rel=\"first prev memento\"; datetime=\"Sun, 01 Apr 2007 19:06:16 GMT\"", link,
            StringComparison.Ordinal);
        Assert.Contains($"<http://localhost/web/20080409203051/{Url}>; rel=\"next last memento\"; datetime=\"Wed, 09 Apr 2008 20:30:51 GMT\"", link,
            StringComparison.Ordinal);
        Assert.Contains($"<http://localhost/web/20070531203500/{Url}>; rel=\"memento\"", link, StringComparison.Ordinal);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("sandbox", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("The second edition said more", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);

        // An inexact datetime redirects to the nearest memento.
        var near = await _client.GetAsync($"/web/2007/{Url}");
        Assert.Equal(HttpStatusCode.Found, near.StatusCode);
        Assert.Equal($"http://localhost/web/20070401190616/{Url}", near.Headers.Location!.ToString());

        var json = new HttpRequestMessage(HttpMethod.Get, $"/web/20080409203051/{Url}");
        json.Headers.Accept.ParseAdd("application/json");
        var memento = await (await _client.SendAsync(json)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains("corrected the name", memento.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timemaps_list_every_memento_in_link_format_and_json()
    {
        await ArchiveThreeAsync();
        var response = await _client.GetAsync($"/web/timemap/link/{Url}");
        Assert.Equal("application/link-format", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Trim().Split(",\n");
        Assert.Equal($"<{Url}>; rel=\"original\"", lines[0]);
        Assert.Equal($"<http://localhost/web/timemap/link/{Url}>; rel=\"self\"; type=\"application/link-format\"; " +
            "from=\"Sun, 01 Apr 2007 19:06:16 GMT\"; until=\"Wed, 09 Apr 2008 20:30:51 GMT\"", lines[1]);
        Assert.Equal($"<http://localhost/web/{Url}>; rel=\"timegate\"", lines[2]);
        Assert.Equal($"<http://localhost/web/20070401190616/{Url}>; rel=\"first memento\"; datetime=\"Sun, 01 Apr 2007 19:06:16 GMT\"", lines[3]);
        Assert.Equal($"<http://localhost/web/20080409203051/{Url}>; rel=\"last memento\"; datetime=\"Wed, 09 Apr 2008 20:30:51 GMT\"", lines[5]);

        var map = await (await _client.GetAsync($"/web/timemap/json/{Url}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, map.GetProperty("mementos").GetProperty("list").GetArrayLength());
        Assert.Equal("2007-04-01T19:06:16Z", map.GetProperty("mementos").GetProperty("first").GetProperty("datetime").GetString());

        await (await _client.GetAsync("/web/https://never.example/archived")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync("/web/not-a-url")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }
}
