using System.Net;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;
using Npgsql;

namespace Archive.Api.Tests.Search;

/// <summary>
/// A word in nearly every article is not counted (that would read every match's vector) but estimated from the planner's
/// statistics, and said to be an estimate; a word in a few articles is counted exactly. Needs more than 10,000 matches,
/// so the articles are written straight into the tables (the search triggers index them as ingest would).
/// </summary>
public sealed class SearchEstimateTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>, IAsyncLifetime
{
    private const int Articles = 12_000;
    private readonly HttpClient _client = factory.CreateClient();

    public async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        if (await BulkArticles.SeededAsync(connection, "https://bulk.example/"))
        {
            return;
        }
        // Article i is published i hours after the start; every 1,000th also mentions a cormorant (12 in all).
        await BulkArticles.InsertAsync(connection, $$"""
            CREATE TEMP TABLE bulk AS
                SELECT i, md5('a' || i)::uuid AS a, md5('c' || i)::uuid AS c, md5('v' || i)::uuid AS v,
                       'https://bulk.example/news/' || i AS url, timestamptz '2020-01-01' + i * interval '1 hour' AS t,
                       'The harbour master spoke about the tides, report ' || i ||
                           CASE WHEN i % 1000 = 0 THEN '. A cormorant sat on the quay.' ELSE '.' END AS text
                FROM generate_series(1, {{Articles}}) AS i
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_word_in_most_articles_gets_an_estimated_total_said_to_be_one_and_still_the_newest_matches()
    {
        var result = await SearchAsync("q=harbour&sort=newest&page=2&pageSize=10");

        Assert.True(result.GetProperty("totalIsEstimate").GetBoolean());
        Assert.InRange(result.GetProperty("total").GetInt32(), 10_001, 2 * Articles);
        var dates = result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("publishedAt").GetDateTimeOffset()).ToList();
        var newest = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(Articles);
        Assert.Equal(Enumerable.Range(10, 10).Select(h => newest.AddHours(-h)), dates);

        var ranked = await SearchAsync("q=harbour");
        Assert.True(ranked.GetProperty("totalIsEstimate").GetBoolean());
        Assert.Equal(200, ranked.GetProperty("ranked").GetInt32());
        Assert.Equal(20, ranked.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_word_in_few_articles_is_counted_exactly()
    {
        var result = await SearchAsync("q=cormorant");

        Assert.False(result.GetProperty("totalIsEstimate").GetBoolean());
        Assert.Equal(Articles / 1000, result.GetProperty("total").GetInt32());
        Assert.Equal(Articles / 1000, result.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task The_search_page_says_about_for_an_estimate_and_the_exact_count_otherwise()
    {
        var broad = await _client.GetStringAsync("/search?q=harbour");
        Assert.Matches(@"About [0-9,]+ article\(s\) match", broad);

        var narrow = await _client.GetStringAsync("/search?q=cormorant");
        Assert.Contains("12 article(s) match.", narrow, StringComparison.Ordinal);
        Assert.DoesNotContain("About", narrow, StringComparison.Ordinal);
    }

    private async Task<JsonElement> SearchAsync(string query) =>
        await (await _client.GetAsync("/api/search?" + query)).ReadJsonAsync(HttpStatusCode.OK);
}
