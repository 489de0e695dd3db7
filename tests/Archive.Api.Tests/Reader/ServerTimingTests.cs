using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Lineage;

namespace Archive.Api.Tests.Reader;

/// <summary>The service with <c>ServerTiming:Enabled</c>, as the reader benchmark runs it.</summary>
public sealed class ServerTimingApiFactory : ArchiveApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. base.Settings, new("ServerTiming:Enabled", "true")];
}

public sealed partial class ServerTimingTests(ServerTimingApiFactory factory) : IClassFixture<ServerTimingApiFactory>
{
    private static readonly DateTimeOffset Published = new(2024, 6, 4, 7, 0, 0, TimeSpan.Zero);
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task The_article_page_and_search_tell_where_their_server_time_went_and_the_page_is_whole()
    {
        var gazette = new Outlet("Harbour Gazette", "harbourgazette.com");
        var echo = new Outlet("Daily Echo", "dailyecho.net");
        var story = new Story(63, "Ferry timetable extended");
        var origin = await UploadAsync(gazette.Url("ferry"), gazette.Page(story.Title, story.Paragraphs, Published));
        var copy = await UploadAsync(echo.Url("ferry"), echo.Page(story.Title, story.Paragraphs, Published.AddHours(3)));

        var response = await _client.GetAsync($"/articles/{copy}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var phases = Phases(response);
        foreach (var phase in new[] { "article", "versions", "tree", "layout", "sanitise", "log", "handler", "render", "total" })
        {
            Assert.True(phases.ContainsKey(phase), $"no {phase} in {string.Join(", ", phases.Keys)}");
        }
        Assert.True(phases["total"] >= phases["render"] && phases["total"] >= phases["handler"], string.Join(", ", phases));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(response.Content.Headers.ContentLength, System.Text.Encoding.UTF8.GetByteCount(body));
        // The family read once for the article's lineage serves the tree: the copy's page still draws the origin's family.
        var document = new HtmlParser().ParseDocument(body);
        var edge = Assert.Single(document.QuerySelectorAll("svg#lineage-graph g.edge"));
        Assert.Equal(origin.ToString(), edge.GetAttribute("data-from"));
        Assert.Equal(copy.ToString(), edge.GetAttribute("data-to"));
        Assert.NotNull(document.QuerySelector($"ol.family li[data-article='{origin}'] li[data-article='{copy}']"));

        var search = await _client.GetAsync("/api/search?q=ferry");
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.True(Phases(search).ContainsKey("total"));
    }

    [Fact]
    public async Task An_upload_whose_lineage_takes_the_family_path_names_it_and_its_lock_wait_and_a_lone_story_does_not()
    {
        var courier = new Outlet("Valley Courier", "valleycourier.com");
        var post = new Outlet("Coast Post", "coastpost.net");
        var story = new Story(71, "Reservoir levels recover");
        var lone = new Story(72, "Orchard festival returns");

        var alone = Phases(await _client.PostJsonAsync("/api/captures", new { url = courier.Url("orchard"),
            html = courier.Page(lone.Title, lone.Paragraphs, Published) }));
        Assert.True(alone.ContainsKey("lineage"), string.Join(", ", alone.Keys));
        Assert.False(alone.ContainsKey("family"), string.Join(", ", alone.Keys));

        await UploadAsync(courier.Url("reservoir"), courier.Page(story.Title, story.Paragraphs, Published));
        var copy = await _client.PostJsonAsync("/api/captures", new { url = post.Url("reservoir"),
            html = post.Page(story.Title, story.Paragraphs, Published.AddHours(2)) });
        Assert.Equal(HttpStatusCode.Created, copy.StatusCode);
        // bench/load.sh lists its slowest uploads with these phases: the family path and the wait for its families' locks.
        var phases = Phases(copy);
        foreach (var phase in new[] { "lineage", "family", "family-lock" })
        {
            Assert.True(phases.ContainsKey(phase), $"no {phase} in {string.Join(", ", phases.Keys)}");
        }
    }

    private static Dictionary<string, double> Phases(HttpResponseMessage response) =>
        Metric().Matches(string.Join(",", response.Headers.GetValues("Server-Timing")))
            // A phase timed more than once (a lock taken again after its family grew) is summed.
            .GroupBy(m => m.Groups[1].Value)
            .ToDictionary(g => g.Key, g => g.Sum(m => double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)));

    private async Task<Guid> UploadAsync(string url, string html)
    {
        var response = await _client.PostJsonAsync("/api/captures", new { url, html });
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    [GeneratedRegex(@"([a-z-]+);dur=([0-9.]+)")]
    private static partial Regex Metric();
}
