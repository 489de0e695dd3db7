using System.Net;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;
using Npgsql;

namespace Archive.Api.Tests.Search;

/// <summary>
/// A page of long articles is headlined on several connections at once (see <c>SearchSnippets</c>): each hit still gets the
/// snippet PostgreSQL's <c>ts_headline</c> gives for its own text, whichever connection made it.
/// </summary>
public sealed class SearchSnippetTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>, IAsyncLifetime
{
    private const int Articles = 14;
    private readonly HttpClient _client = factory.CreateClient();

    public async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        if (await BulkArticles.SeededAsync(connection, "https://long.example/"))
        {
            return;
        }
        // Article i: 20-40 KB of harbour news with "cormorant" once or twice at its own depth, and "quay" near one of them.
        await BulkArticles.InsertAsync(connection, $$"""
            CREATE TEMP TABLE bulk AS
                SELECT i, md5('la' || i)::uuid AS a, md5('lc' || i)::uuid AS c, md5('lv' || i)::uuid AS v,
                       'https://long.example/news/' || i AS url, timestamptz '2021-01-01' + i * interval '1 day' AS t,
                       repeat('The harbour board met again about berths and tides, report ' || i || '. ', 90 + 23 * i) ||
                           'A cormorant sat on the quay at dawn. ' ||
                           repeat('Fishermen said the catch was down on last year. ', 60 + 41 * (i % 5)) ||
                           CASE WHEN i % 3 = 0 THEN 'Later a second cormorant dived for fish. ' ELSE '' END ||
                           repeat('The council will decide in the spring. ', 40) AS text
                FROM generate_series(1, {{Articles}}) AS i
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("cormorant")]
    [InlineData("cormorant quay")]
    [InlineData("\"second cormorant\"")]
    public async Task Each_hit_of_a_page_of_long_articles_has_the_snippet_of_its_own_text(string q)
    {
        var result = await (await _client.GetAsync("/api/search?pageSize=50&q=" + Uri.EscapeDataString(q))).ReadJsonAsync(HttpStatusCode.OK);

        var items = result.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        var expected = await HeadlinesAsync(q);
        Assert.Equal(expected.Count, items.Count);
        foreach (var item in items)
        {
            var (snippet, marked) = expected[item.GetProperty("url").GetString()!];
            Assert.Equal(snippet, item.GetProperty("snippet").GetString());
            Assert.Equal(marked, Highlighted(item));
        }
    }

    /// <summary>What ts_headline gives for each matching article's text, marks taken out, and the words it marked.</summary>
    private async Task<Dictionary<string, (string Snippet, List<string> Marked)>> HeadlinesAsync(string q)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT a.url, ts_headline('english', v.text, websearch_to_tsquery('english', @q),
                       'StartSel=<<, StopSel=>>, MaxFragments=2, MaxWords=32, MinWords=12, FragmentDelimiter=" … "')
            FROM articles a JOIN article_versions v ON v.id = a.current_version_id
            WHERE a.url LIKE 'https://long.example/%' AND to_tsvector('english', v.text) @@ websearch_to_tsquery('english', @q)
            """, connection);
        command.Parameters.AddWithValue("q", q);
        var headlines = new Dictionary<string, (string, List<string>)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var marked = reader.GetString(1);
            var words = System.Text.RegularExpressions.Regex.Matches(marked, "<<(.*?)>>").Select(m => m.Groups[1].Value).ToList();
            headlines[reader.GetString(0)] = (marked.Replace("<<", "", StringComparison.Ordinal).Replace(">>", "", StringComparison.Ordinal), words);
        }
        return headlines;
    }

    private static List<string> Highlighted(JsonElement item)
    {
        var snippet = item.GetProperty("snippet").GetString()!;
        return [.. item.GetProperty("highlights").EnumerateArray()
            .Select(h => snippet.Substring(h.GetProperty("start").GetInt32(), h.GetProperty("length").GetInt32()))];
    }
}
