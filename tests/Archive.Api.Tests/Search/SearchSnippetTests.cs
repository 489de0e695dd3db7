using System.Net;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;
using Npgsql;

namespace Archive.Api.Tests.Search;

/// <summary>
/// Snippets come from a bounded passage around the first place each word of the query occurs (see <c>SearchSnippets</c>),
/// made on several connections at once for a page of long articles: a match deep inside a long article is shown highlighted
/// in its context, a text with one match gets exactly the snippet <c>ts_headline</c> gives for the whole text, and where the
/// passage cannot be found by its shortcut (a stem that is no prefix of the word, a match in the title only) the place is
/// estimated from the search row's positions, or the text's opening is shown: no long text is headlined whole.
/// </summary>
public sealed class SearchSnippetTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>, IAsyncLifetime
{
    private const int Articles = 14;
    private const string Options = "StartSel=<<, StopSel=>>, MaxFragments=2, MaxWords=32, MinWords=12, FragmentDelimiter=\" … \"";
    private readonly HttpClient _client = factory.CreateClient();

    public async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        if (await BulkArticles.SeededAsync(connection, "https://long.example/"))
        {
            return;
        }
        // Article i ≤ 14: 20-40 KB of harbour news with "cormorant" once (twice, KBs apart, when i is a multiple of 3) at its
        // own depth, and "quay" beside the first. Articles 101-104 are the shortcut's hard cases, each 10-15 KB deep; 105 and
        // 106 have a hard case's word once deep and then three times together further on.
        await BulkArticles.InsertAsync(connection, $$"""
            CREATE TEMP TABLE bulk AS
                SELECT i, md5('la' || i)::uuid AS a, md5('lc' || i)::uuid AS c, md5('lv' || i)::uuid AS v,
                       'https://long.example/news/' || i AS url, timestamptz '2021-01-01' + i * interval '1 day' AS t,
                       CASE WHEN i <= {{Articles}} THEN
                           repeat('The harbour board met again about berths and tides, report ' || i || '. ', 90 + 23 * i) ||
                           'A cormorant sat on the quay at dawn. ' ||
                           repeat('Fishermen said the catch was down on last year. ', 60 + 41 * (i % 5)) ||
                           CASE WHEN i % 3 = 0 THEN 'Later a second cormorant dived for fish. ' ELSE '' END ||
                           repeat('The council will decide in the spring. ', 40)
                       WHEN i = 101 THEN repeat('Der Hafenrat tagte wieder über Liegeplätze. ', 300) ||
                           'Die neue Brücke über den Fluss ist fertig. ' || repeat('Der Rat entscheidet im Frühling. ', 50)
                       WHEN i = 102 THEN repeat('The harbour board met again about berths and tides. ', 250) ||
                           'THE PELICAN CAME BACK TO THE QUAY. ' || repeat('The council will decide in the spring. ', 50)
                       WHEN i = 103 THEN repeat('The harbour board met again about berths and tides. ', 250)
                       WHEN i = 104 THEN repeat('The harbour board met again about berths and tides. ', 250) ||
                           'The shipping companies were happy with the new berths. ' || repeat('The council will decide in the spring. ', 50)
                       WHEN i = 105 THEN repeat('Der Hafenrat tagte wieder über Liegeplätze. ', 250) ||
                           'Die alte Mühle am Hafen wird renoviert. ' || repeat('Der Rat entscheidet im Frühling. ', 300) ||
                           'Mühle um Mühle, jede Mühle bekam ein neues Dach. ' || repeat('Der Rat entscheidet im Frühling. ', 50)
                       ELSE repeat('The harbour board met again about berths and tides. ', 250) ||
                           'She bought an iPhone at the harbour shop. ' || repeat('The council will decide in the spring. ', 300) ||
                           'iPhone after iPhone, every iPhone sold out. ' || repeat('The council will decide in the spring. ', 50)
                       END AS text
                FROM (SELECT generate_series(1, {{Articles}}) UNION ALL SELECT generate_series(101, 106)) AS s(i)
            """);
        await using var command = new NpgsqlCommand("""
            UPDATE article_versions SET language = 'de' WHERE id IN (md5('lv101')::uuid, md5('lv105')::uuid);
            UPDATE article_versions SET title = 'Gannets over the harbour' WHERE id = md5('lv103')::uuid;
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("cormorant")]
    [InlineData("cormorant quay")]
    public async Task A_text_with_one_match_gets_the_snippet_of_its_whole_text(string q)
    {
        var items = await SearchAsync(q);

        var expected = await HeadlinesAsync(q);
        Assert.Equal(Articles, items.Count);
        foreach (var item in items.Where(i => Number(i) % 3 != 0))
        {
            var (snippet, marked) = expected[item.GetProperty("url").GetString()!];
            Assert.Equal(snippet, item.GetProperty("snippet").GetString());
            Assert.Equal(marked, Highlighted(item));
        }
    }

    [Fact]
    public async Task A_snippet_shows_the_first_match_deep_in_a_long_text_highlighted_in_its_context()
    {
        var items = await SearchAsync("cormorant");

        Assert.Equal(Articles, items.Count);
        foreach (var item in items)
        {
            var snippet = item.GetProperty("snippet").GetString()!;
            Assert.Contains("A cormorant sat on the quay at dawn.", snippet, StringComparison.Ordinal);
            Assert.Equal(["cormorant"], Highlighted(item));
            // The passage ends well before the second cormorant, KBs further on (where there is one): the snippet is the first
            // match's, not ts_headline's pick over the whole text.
            Assert.DoesNotContain("second", snippet, StringComparison.Ordinal);
            Assert.True(snippet.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 2 * 32 + 1, snippet);
        }
    }

    [Fact]
    public async Task A_phrase_is_shown_where_it_occurs_even_when_its_words_first_occur_apart()
    {
        var items = await SearchAsync("\"second cormorant\"");

        Assert.Equal(Articles / 3, items.Count);
        foreach (var item in items)
        {
            var snippet = item.GetProperty("snippet").GetString()!;
            Assert.Contains("Later a second cormorant dived for fish.", snippet, StringComparison.Ordinal);
            var start = snippet.IndexOf("second cormorant", StringComparison.Ordinal);
            var highlights = item.GetProperty("highlights").EnumerateArray().Select(h => h.GetProperty("start").GetInt32()).ToList();
            Assert.Contains(start, highlights);
            Assert.Contains(start + "second ".Length, highlights);
        }
    }

    [Theory]
    [InlineData("Brücke", "https://long.example/news/101", "Brücke")] // German: the stem "bruck" is no prefix of the word
    [InlineData("pelican", "https://long.example/news/102", "PELICAN")] // capitals only
    [InlineData("companies", "https://long.example/news/104", "companies")] // the stem "compani" is a prefix less one letter
    public async Task A_deep_match_the_shortcut_may_not_find_is_still_highlighted(string q, string url, string word)
    {
        var items = await SearchAsync(q);

        var item = Assert.Single(items);
        Assert.Equal(url, item.GetProperty("url").GetString());
        Assert.Equal([word], Highlighted(item));
        var (snippet, marked) = await HeadlinesAsync(q, url);
        Assert.Equal(snippet, item.GetProperty("snippet").GetString());
        Assert.Equal(marked, Highlighted(item));
    }

    [Theory]
    // German: the stem "muhl" is no prefix of the word, so the place is estimated from the search row's positions.
    [InlineData("Mühle", "https://long.example/news/105", "Die alte Mühle am Hafen wird renoviert.", "jede Mühle")]
    // A capital inside the word: found by the text's shortcut, which matches either case.
    [InlineData("iphone", "https://long.example/news/106", "She bought an iPhone at the harbour shop.", "every iPhone")]
    public async Task A_hard_case_s_snippet_is_its_first_match_in_context_not_a_headline_of_the_whole_long_text(string q, string url,
        string first, string later)
    {
        var items = await SearchAsync(q);

        var item = Assert.Single(items);
        Assert.Equal(url, item.GetProperty("url").GetString());
        var snippet = item.GetProperty("snippet").GetString()!;
        Assert.Contains(first, snippet, StringComparison.Ordinal);
        // ts_headline over the whole text would show the three matches together, 9-13 KB further on.
        Assert.DoesNotContain(later, snippet, StringComparison.Ordinal);
        Assert.Equal([q == "iphone" ? "iPhone" : q], Highlighted(item));
    }

    [Fact]
    public async Task A_match_in_the_title_only_shows_the_text_s_opening_words()
    {
        var items = await SearchAsync("gannets");

        var item = Assert.Single(items);
        Assert.StartsWith("The harbour board met again", item.GetProperty("snippet").GetString(), StringComparison.Ordinal);
        Assert.Empty(Highlighted(item));
        Assert.Equal(["Gannets"], item.GetProperty("titleHighlights").EnumerateArray()
            .Select(h => item.GetProperty("title").GetString()!.Substring(h.GetProperty("start").GetInt32(), h.GetProperty("length").GetInt32())));
    }

    private async Task<List<JsonElement>> SearchAsync(string q)
    {
        var result = await (await _client.GetAsync("/api/search?pageSize=50&q=" + Uri.EscapeDataString(q))).ReadJsonAsync(HttpStatusCode.OK);
        return [.. result.GetProperty("items").EnumerateArray()];
    }

    private static int Number(JsonElement item) => int.Parse(item.GetProperty("url").GetString()!.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What ts_headline gives for the whole text of one matching article, marks taken out, and the words it marked.</summary>
    private async Task<(string Snippet, List<string> Marked)> HeadlinesAsync(string q, string url) => (await HeadlinesAsync(q))[url];

    /// <summary>What ts_headline gives for each matching article's whole text, in its language, marks taken out, and the words it marked.</summary>
    private async Task<Dictionary<string, (string Snippet, List<string> Marked)>> HeadlinesAsync(string q)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            SELECT a.url, ts_headline(c.cfg, v.text, websearch_to_tsquery(c.cfg, @q), '{Options}')
            FROM articles a JOIN article_versions v ON v.id = a.current_version_id
            CROSS JOIN LATERAL (SELECT (CASE v.language WHEN 'de' THEN 'german' ELSE 'english' END)::regconfig AS cfg) AS c
            WHERE a.url LIKE 'https://long.example/%' AND to_tsvector(c.cfg, v.text) @@ websearch_to_tsquery(c.cfg, @q)
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
