using System.Net;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Lineage;

namespace Archive.Api.Tests.Search;

public sealed class SearchTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private static readonly DateTimeOffset Published = new(2024, 5, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly Outlet Gazette = new("Harbour Gazette", "harbourgazette.com");
    private static readonly Outlet Echo = new("Daily Echo", "dailyecho.net");
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Words_are_found_by_their_stem_with_the_matched_words_highlighted_in_title_and_snippet()
    {
        var id = await UploadAsync(Echo.Url("lighthouse-keepers"), Page(Echo, "Lighthouse keepers approved a new rota", "en",
            "The lighthouse keepers of the northern coast approved a new rota on Tuesday after a long dispute.",
            "Their union said the agreement ends years of uncertainty."));

        var result = await SearchAsync("q=approves%20lighthouse");

        var hit = Assert.Single(Items(result), h => h.GetProperty("articleId").GetGuid() == id);
        Assert.Equal("text", result.GetProperty("match").GetString());
        Assert.Equal(["Lighthouse", "approved"], Highlighted(hit, "title", "titleHighlights"));
        Assert.Contains("approved", Highlighted(hit, "snippet", "highlights"));
        Assert.Contains("lighthouse", Highlighted(hit, "snippet", "highlights"));
        Assert.Equal("Daily Echo", hit.GetProperty("publisher").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Each_article_is_read_in_its_own_language()
    {
        var german = await UploadAsync("https://www.zeitung.de/lokales/bruecken", Page(Echo, "Neue Verbindungen am Fluss", "de",
            "Die Bürgermeisterin eröffnete am Montag die neuen Brücken über den Fluss.", "Der Verkehr soll dadurch ruhiger werden."));
        var english = await UploadAsync(Gazette.Url("orchards-drought"), Page(Gazette, "Orchards face a dry summer", "en",
            "Young trees die quickly when the orchards get no rain for a month.", "Farmers asked the council for water."));

        // German stemming finds "Brücken" from "Brücke"; no reading without it would.
        Assert.Contains(await IdsAsync("q=Br%C3%BCcke"), id => id == german);
        Assert.DoesNotContain(await IdsAsync("q=Br%C3%BCcke&language=en"), id => id == german);
        // "die" is an English word but a German stop word: only the English article is found by it.
        var die = await IdsAsync("q=die");
        Assert.Contains(english, die);
        Assert.DoesNotContain(german, die);
    }

    [Fact]
    public async Task Results_are_filtered_by_outlet_and_time_and_paged()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var outlet = i % 2 == 0 ? Gazette : Echo;
            ids.Add(await UploadAsync(outlet.Url($"ferry-timetable-{i}"), Page(outlet, $"Ferry timetable change {i}", "en",
                $"The ferry timetable changes again in week {i}, the operator said.", "Passengers were told to check before travelling."),
                Published.AddDays(i)));
        }

        var gazette = await SearchAsync("q=ferry%20timetable&publisher=harbourgazette.com&pageSize=100");
        Assert.Equal([ids[0], ids[2], ids[4]], Items(gazette).Select(Id).Where(ids.Contains).Order());
        var window = await SearchAsync($"q=ferry%20timetable&from={Published.AddDays(1):yyyy-MM-dd}&to={Published.AddDays(3):yyyy-MM-dd}");
        Assert.Equal([ids[1], ids[2]], Items(window).Select(Id).Order());
        var newest = await SearchAsync("q=ferry%20timetable&sort=newest&pageSize=2&page=2");
        Assert.Equal(5, newest.GetProperty("total").GetInt32());
        Assert.Equal([ids[2], ids[1]], Items(newest).Select(Id));
    }

    [Fact]
    public async Task Relevance_puts_an_article_about_the_words_before_one_that_mentions_them_once()
    {
        var passing = await UploadAsync(Gazette.Url("museum-night"), Page(Gazette, "Museum opens late for one night", "en",
            "The museum opens late on Friday, and a cormorant exhibit will be shown in the old hall.", "Tickets are free."),
            Published.AddDays(3));
        var about = await UploadAsync(Echo.Url("cormorant-colony"), Page(Echo, "Cormorant colony returns to the estuary", "en",
            "The cormorant colony has returned to the estuary for the first time in a decade.",
            "Cormorant numbers rose after the fishing ban, and wardens counted cormorant nests along the river."));

        var result = await SearchAsync("q=cormorant");

        Assert.Equal([about, passing], Items(result).Select(Id));
        Assert.Equal("relevance", result.GetProperty("sort").GetString());
        Assert.Equal(2, result.GetProperty("ranked").GetInt32());
        Assert.True(Items(result)[0].GetProperty("score").GetDouble() > Items(result)[1].GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task A_URL_or_a_content_hash_finds_the_article_it_names()
    {
        var url = Gazette.Url("quay-wall");
        var id = await UploadAsync(url, Page(Gazette, "Quay wall repaired", "en", "The old quay wall was repaired over the winter.",
            "Engineers said it should last fifty years."));
        var hash = (await (await _client.GetAsync($"/api/articles/{id}")).ReadJsonAsync(HttpStatusCode.OK)).GetProperty("contentHash").GetString();

        var byUrl = await SearchAsync("q=" + Uri.EscapeDataString(url + "?utm_source=newsletter"));
        Assert.Equal("url", byUrl.GetProperty("match").GetString());
        Assert.Equal([id], Items(byUrl).Select(Id));
        var byHash = await SearchAsync("q=" + Uri.EscapeDataString(hash!));
        Assert.Equal("content-hash", byHash.GetProperty("match").GetString());
        Assert.Equal([id], Items(byHash).Select(Id));
    }

    [Fact]
    public async Task Markup_in_a_title_or_text_comes_back_as_text_never_as_markup_and_marks_are_not_forged()
    {
        await UploadAsync(Echo.Url("escaped"), Page(Echo, "Tide tables <script>alert(1)</script>", "en",
            "Tide tables \u0002forged\u0003 are printed <b>weekly</b> by the harbour office.", "Nothing else happened."));

        var hit = Items(await SearchAsync("q=tide%20tables")).Single();

        Assert.DoesNotContain('\u0002', hit.GetProperty("snippet").GetString()!);
        Assert.DoesNotContain("forged", Highlighted(hit, "snippet", "highlights"));
        Assert.Equal(["Tide", "tables"], Highlighted(hit, "title", "titleHighlights"));
    }

    [Theory]
    [InlineData("q=")]
    [InlineData("q=harbour&page=0")]
    [InlineData("q=harbour&pageSize=101")]
    [InlineData("q=harbour&page=2147483647")]
    [InlineData("q=harbour&sort=oldest")]
    [InlineData("q=harbour&language=%3Cscript%3E")]
    [InlineData("q=harbour%00")]
    [InlineData("q=harbour&from=2024-02-01&to=2024-01-01")]
    [InlineData("q=harbour&page=abc")]
    public async Task Bad_parameters_are_400_problems(string query)
    {
        await (await _client.GetAsync("/api/search?" + query)).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unknown_outlet_is_a_404_problem()
    {
        await (await _client.GetAsync("/api/search?q=harbour&publisher=nowhere.example")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Queries_of_only_stop_words_or_punctuation_find_nothing_and_do_not_fail()
    {
        foreach (var q in new[] { "the", "\"\"", "-", "or", "!!! ((", "'" })
        {
            var result = await SearchAsync("q=" + Uri.EscapeDataString(q));
            Assert.True(result.GetProperty("total").GetInt32() >= 0);
        }
    }

    private static string Page(Outlet outlet, string title, string language, params string[] paragraphs) =>
        outlet.Page(title, paragraphs, Published).Replace("<html lang=\"en\">", $"<html lang=\"{language}\">", StringComparison.Ordinal);

    private async Task<Guid> UploadAsync(string url, string html, DateTimeOffset? published = null)
    {
        if (published is { } at)
        {
            html = html.Replace($"{Published:yyyy-MM-ddTHH:mm:sszzz}", $"{at:yyyy-MM-ddTHH:mm:sszzz}", StringComparison.Ordinal);
        }
        var response = await _client.PostJsonAsync("/api/captures", new { url, html });
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> SearchAsync(string query) =>
        await (await _client.GetAsync("/api/search?" + query)).ReadJsonAsync(HttpStatusCode.OK);

    private async Task<List<Guid>> IdsAsync(string query) => [.. Items(await SearchAsync(query)).Select(Id)];

    private static List<JsonElement> Items(JsonElement result) => [.. result.GetProperty("items").EnumerateArray()];

    private static Guid Id(JsonElement hit) => hit.GetProperty("articleId").GetGuid();

    private static List<string> Highlighted(JsonElement hit, string text, string spans)
    {
        var value = hit.GetProperty(text).GetString()!;
        return [.. hit.GetProperty(spans).EnumerateArray()
            .Select(s => value.Substring(s.GetProperty("start").GetInt32(), s.GetProperty("length").GetInt32()))];
    }
}
