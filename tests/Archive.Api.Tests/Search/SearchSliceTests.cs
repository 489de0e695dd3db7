using System.Net;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;
using Npgsql;

namespace Archive.Api.Tests.Search;

/// <summary>
/// A word in thousands of articles is found in the newest slice of the archive (widened while it holds too few), so its
/// pages are exactly those a read of every match gives and its total is an estimate said to be one; a word in few articles,
/// or only in old ones, is found in full and counted exactly. Needs thousands of matches, so the articles are written
/// straight into the tables (their search rows built as the indexer builds them).
/// </summary>
public sealed class SearchSliceTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>, IAsyncLifetime
{
    private const int Articles = 12_000;
    private static readonly Guid Outlet = Guid.Parse("5b1c0000-0000-4000-8000-000000000001");
    private static readonly DateTimeOffset Start = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly HttpClient _client = factory.CreateClient();

    // Article i is published i hours after the start; which words it holds besides "harbour" (all of them).
    private static bool Cormorant(int i) => i % 1000 == 0;
    private static bool Ferry(int i) => i % 4 == 0;
    private static bool Lighthouse(int i) => i <= 3_000;
    private static bool Pelican(int i) => i <= 5;
    // Too few in the newest slice its estimate asks for (120), enough in the next (300 more), most of them old.
    private static bool Gull(int i) => i > 11_880 || i is > 9_000 and <= 9_300 || i <= 3_000;
    private static bool FromOutlet(int i) => i % 3 == 0;
    // In a tenth of the articles: more than a whole read of its rows is worth (see SearchSlice.Counted).
    private static bool Heron(int i) => i % 10 == 5;

    public async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        if (await BulkArticles.SeededAsync(connection, "https://bulk.example/"))
        {
            return;
        }
        await BulkArticles.InsertAsync(connection, $$"""
            CREATE TEMP TABLE bulk AS
                SELECT i, md5('a' || i)::uuid AS a, md5('c' || i)::uuid AS c, md5('v' || i)::uuid AS v,
                       'https://bulk.example/news/' || i AS url, timestamptz '2020-01-01' + i * interval '1 hour' AS t,
                       'The harbour master spoke about the tides, report ' || i || '.' ||
                           CASE WHEN i % 1000 = 0 THEN ' A cormorant sat on the quay.' ELSE '' END ||
                           CASE WHEN i % 4 = 0 THEN ' The ferry left late.' ELSE '' END ||
                           CASE WHEN i <= 3000 THEN ' The lighthouse was dark.' ELSE '' END ||
                           CASE WHEN i <= 5 THEN ' A pelican landed.' ELSE '' END ||
                           CASE WHEN i > 11880 OR i > 9000 AND i <= 9300 OR i <= 3000 THEN ' A gull cried.' ELSE '' END ||
                           CASE WHEN i % 10 = 5 THEN ' A heron waded.' ELSE '' END AS text
                FROM generate_series(1, {{Articles}}) AS i
            """,
            // Given before the search rows are built and analyzed: the outlet filter's estimate must see the outlet.
            $"""
            INSERT INTO publishers (id, name, primary_domain, created_at) VALUES ('{Outlet}', 'Bulk Post', 'bulkpost.example', now());
            UPDATE articles SET publisher_id = '{Outlet}'
                WHERE url LIKE 'https://bulk.example/news/%' AND substring(url from '[0-9]+$')::int % 3 = 0;
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_common_word_is_paged_newest_first_exactly_as_a_read_of_every_match_would_page_it()
    {
        var seen = new List<int>();
        for (var page = 1; page <= 6; page++)
        {
            var result = await SearchAsync($"q=ferry&sort=newest&pageSize=50&page={page}");
            Assert.True(result.GetProperty("totalIsEstimate").GetBoolean());
            Assert.InRange(result.GetProperty("total").GetInt32(), 1_500, 6_000);
            seen.AddRange(Numbers(result));
        }

        Assert.Equal(Newest(Ferry).Take(300), seen);
    }

    [Fact]
    public async Task A_common_word_ranks_the_newest_200_matches_and_pages_through_them_once_each()
    {
        var seen = new List<int>();
        for (var page = 1; page <= 10; page++)
        {
            var result = await SearchAsync($"q=ferry&page={page}");
            Assert.True(result.GetProperty("totalIsEstimate").GetBoolean());
            Assert.Equal(200, result.GetProperty("ranked").GetInt32());
            seen.AddRange(Numbers(result));
        }

        Assert.Equal(200, seen.Distinct().Count());
        Assert.Equal(Newest(Ferry).Take(200).Order(), seen.Order());
    }

    [Fact]
    public async Task A_common_word_whose_newest_slice_holds_too_few_is_read_over_a_wider_one()
    {
        var first = await SearchAsync("q=gull&sort=newest&pageSize=100");
        // The second page needs the newest 200: the slice sized for them holds 120, the one sized from that holds 420.
        var second = await SearchAsync("q=gull&sort=newest&pageSize=100&page=2");

        Assert.True(second.GetProperty("totalIsEstimate").GetBoolean());
        Assert.Equal(Newest(Gull).Take(200), Numbers(first).Concat(Numbers(second)));
    }

    [Fact]
    public async Task A_word_only_in_old_articles_is_found_in_full_and_counted_exactly()
    {
        // Estimated at thousands, so a slice is tried first: the newest articles hold none of it.
        var lighthouse = await SearchAsync("q=lighthouse&sort=newest&pageSize=100&page=3");
        Assert.False(lighthouse.GetProperty("totalIsEstimate").GetBoolean());
        Assert.Equal(3_000, lighthouse.GetProperty("total").GetInt32());
        Assert.Equal(Newest(Lighthouse).Skip(200).Take(100), Numbers(lighthouse));

        var pelican = await SearchAsync("q=pelican");
        Assert.False(pelican.GetProperty("totalIsEstimate").GetBoolean());
        Assert.Equal(5, pelican.GetProperty("total").GetInt32());
        Assert.Equal(Newest(Pelican), Numbers(pelican));
    }

    [Fact]
    public async Task Outlet_and_time_filters_narrow_a_common_word_with_the_same_pages()
    {
        var (from, to) = (Start.AddHours(3_648), Start.AddHours(6_576));
        var range = $"from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}";
        bool InRange(int i) => i is >= 3_648 and < 6_576;
        var seen = new List<int>();
        for (var page = 1; page <= 3; page++)
        {
            var result = await SearchAsync($"q=harbour&sort=newest&pageSize=100&page={page}&{range}");
            Assert.True(result.GetProperty("totalIsEstimate").GetBoolean());
            seen.AddRange(Numbers(result));
        }
        Assert.Equal(Newest(InRange).Take(300), seen);

        var outlet = new List<int>();
        for (var page = 1; page <= 3; page++)
        {
            var result = await SearchAsync($"q=harbour&sort=newest&pageSize=100&page={page}&publisher={Outlet}");
            Assert.True(result.GetProperty("totalIsEstimate").GetBoolean());
            outlet.AddRange(Numbers(result));
        }
        Assert.Equal(Newest(FromOutlet).Take(300), outlet);

        // Narrowed to a thousand or fewer matches, the word is counted.
        var ferries = await SearchAsync($"q=ferry&publisher={Outlet}&sort=newest&pageSize=100&page=10");
        Assert.False(ferries.GetProperty("totalIsEstimate").GetBoolean());
        Assert.Equal(1_000, ferries.GetProperty("total").GetInt32());
        Assert.Equal(Newest(i => Ferry(i) && FromOutlet(i)).Skip(900), Numbers(ferries));
        var inRange = await SearchAsync($"q=ferry&{range}&pageSize=100");
        Assert.False(inRange.GetProperty("totalIsEstimate").GetBoolean());
        Assert.Equal(Newest(i => Ferry(i) && InRange(i)).Count(), inRange.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_word_in_every_article_gets_an_estimated_total_and_still_the_newest_matches()
    {
        var result = await SearchAsync("q=harbour&sort=newest&page=2&pageSize=10");

        Assert.True(result.GetProperty("totalIsEstimate").GetBoolean());
        Assert.InRange(result.GetProperty("total").GetInt32(), Articles / 2, 2 * Articles);
        Assert.Equal(Enumerable.Range(0, 10).Select(k => Articles - 10 - k), Numbers(result));

        var ranked = await SearchAsync("q=harbour");
        Assert.True(ranked.GetProperty("totalIsEstimate").GetBoolean());
        Assert.Equal(200, ranked.GetProperty("ranked").GetInt32());
        Assert.Equal(20, ranked.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_word_in_a_tenth_of_the_articles_is_read_from_the_newest_slice_not_by_visiting_each_of_its_rows()
    {
        // 1,200 matches in 12,000 articles: a whole read visits 1,200 rows, a slice the 4,000 newest rows' index entries and
        // the ~400 matches among them. Until search20 every word estimated at up to 2,000 matches was read whole and counted.
        var newest = await SearchAsync("q=heron&sort=newest&pageSize=50&page=2");
        var ranked = await SearchAsync("q=heron");

        Assert.True(newest.GetProperty("totalIsEstimate").GetBoolean());
        Assert.InRange(newest.GetProperty("total").GetInt32(), 600, 2_400);
        Assert.Equal(Newest(Heron).Skip(50).Take(50), Numbers(newest));
        Assert.True(ranked.GetProperty("totalIsEstimate").GetBoolean());
        Assert.Equal(200, ranked.GetProperty("ranked").GetInt32());
    }

    [Fact]
    public async Task A_word_in_few_articles_is_counted_exactly()
    {
        var result = await SearchAsync("q=cormorant");

        Assert.False(result.GetProperty("totalIsEstimate").GetBoolean());
        Assert.Equal(Newest(Cormorant).Count(), result.GetProperty("total").GetInt32());
        Assert.Equal(Newest(Cormorant), Numbers(result));
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

    [Fact]
    public async Task The_OpenAPI_document_says_when_the_total_is_an_estimate()
    {
        var document = await (await _client.GetAsync("/openapi/v1.json")).ReadJsonAsync(HttpStatusCode.OK);
        var response = document.GetProperty("components").GetProperty("schemas").GetProperty("SearchResponse").GetProperty("properties");

        Assert.Contains("estimate", response.GetProperty("total").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("newest", response.GetProperty("totalIsEstimate").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slice_of_a_time_range_is_read_through_both_indexes_by_one_process_whatever_the_session_inclines_to()
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // What a table of 100k articles gives: parallel workers priced as worth starting, a scan big enough for them.
        await using (var inclined = new NpgsqlCommand("""
            SET LOCAL parallel_setup_cost = 0; SET LOCAL parallel_tuple_cost = 0;
            SET LOCAL min_parallel_table_scan_size = 0; SET LOCAL min_parallel_index_scan_size = 0;
            """, connection, transaction))
        {
            await inclined.ExecuteNonQueryAsync();
        }
        var query = new Archive.Data.Stores.SearchQuery("ferry", From: Start.AddHours(3_648), To: Start.AddHours(6_576));
        await using var command = Archive.Data.Stores.SearchStore.WindowCommand(connection, query, "'en:ferri'", Start.AddHours(5_800), 200);
        command.Transaction = transaction;
        command.CommandText = command.CommandText.Replace("SELECT s.article_id", "EXPLAIN (FORMAT JSON) SELECT s.article_id", StringComparison.Ordinal);
        string plan;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            plan = reader.GetString(0);
        }

        // No vector read to test a row of the slice, no workers started for a scan of a few hundred rows.
        Assert.Contains("\"BitmapAnd\"", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Filter\"", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Gather", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_index_s_statistics_keep_four_thousand_lexemes_so_a_word_in_a_few_percent_of_articles_is_estimated_by_its_count()
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        // The planner prices a lexeme its statistics do not list at the floor (at most 0.5%): with the default target the list
        // of a 100k archive stopped at words in 6.7% of articles, and a word in 4% was read over the whole archive.
        await using var command = new NpgsqlCommand("""
            SELECT a.attstattarget FROM pg_attribute a
            WHERE a.attrelid = 'ix_article_search_terms'::regclass AND a.attnum = 1
            """, connection);

        Assert.Equal(400, Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The articles (by number) a predicate picks, newest first.</summary>
    private static IEnumerable<int> Newest(Func<int, bool> holds) => Enumerable.Range(1, Articles).Reverse().Where(holds);

    private static List<int> Numbers(JsonElement result) => [.. result.GetProperty("items").EnumerateArray()
        .Select(i => int.Parse(i.GetProperty("url").GetString()!.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture))];

    private async Task<JsonElement> SearchAsync(string query) =>
        await (await _client.GetAsync("/api/search?" + query)).ReadJsonAsync(HttpStatusCode.OK);
}
