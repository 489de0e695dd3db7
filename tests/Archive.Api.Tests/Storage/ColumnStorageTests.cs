using System.Net;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Lineage;
using Npgsql;

namespace Archive.Api.Tests.Storage;

/// <summary>
/// How PostgreSQL stores what an upload writes (migration CheaperWritesAndAnalyze): texts and search vectors compressed with
/// lz4, a capture's Brotli bytes not compressed again, and statistics kept for the search expression but not for the vector
/// columns nobody filters on alone (CheaperWritesAndAnalyze, SearchAnalyzedLessOften), gathered after each half of the
/// search table's size again rather than each tenth.
/// </summary>
public sealed class ColumnStorageTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private static readonly Outlet Gazette = new("Harbour Gazette", "harbourgazette.com");
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task A_long_article_is_stored_with_lz4_and_its_capture_bytes_are_not_compressed_again()
    {
        var paragraphs = Enumerable.Range(0, 40)
            .Select(i => $"The harbour board met for the {i}th time this year to weigh the pilots' claim, the ferry timetable and dredging.")
            .ToArray();
        var response = await _client.PostJsonAsync("/api/captures",
            new { url = Gazette.Url("harbour-board-long"), html = Gazette.Page("Harbour board meets again", paragraphs, DateTimeOffset.UnixEpoch) });
        var id = (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await SearchIndexWait.CaughtUpAsync(factory.ConnectionString);

        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("""
            SELECT pg_column_compression(v.text), pg_column_compression(s.document), pg_column_compression(s.pairs),
                   (SELECT attstorage FROM pg_attribute WHERE attrelid = 'captures'::regclass AND attname = 'raw_compressed')
            FROM articles a JOIN article_versions v ON v.id = a.current_version_id JOIN article_search s ON s.article_id = a.id
            WHERE a.id = $1
            """, connection);
        read.Parameters.AddWithValue(id);
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("lz4", reader.GetString(0));
        Assert.Equal("lz4", reader.GetString(1));
        Assert.Equal("lz4", reader.GetString(2));
        Assert.Equal('e', reader.GetChar(3)); // EXTERNAL: out of line, never compressed by PostgreSQL
    }

    [Fact]
    public async Task Analyze_keeps_the_search_expression_statistics_and_skips_the_vector_columns()
    {
        var response = await _client.PostJsonAsync("/api/captures", new
        {
            url = Gazette.Url("pilots-vote"),
            html = Gazette.Page("Pilots vote on the harbour offer", ["The pilots voted on the harbour board's offer on Monday."], DateTimeOffset.UnixEpoch),
        });
        await response.ReadJsonAsync(HttpStatusCode.Created);
        await SearchIndexWait.CaughtUpAsync(factory.ConnectionString);

        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using (var analyze = new NpgsqlCommand("ANALYZE article_search", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }
        await using var read = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM pg_stats WHERE tablename = 'article_search' AND attname = 'pairs'),
                   (SELECT count(*) FROM pg_stats WHERE tablename = 'article_search' AND attname = 'document'),
                   (SELECT count(*) FROM pg_stats WHERE tablename = 'ix_article_search_terms')
            """, connection);
        await using var reader = await read.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(0, reader.GetInt64(0));
        Assert.Equal(0, reader.GetInt64(1)); // each sampled row's vector detoasted and counted again, for nothing
        Assert.Equal(1, reader.GetInt64(2)); // what search's estimates read
    }

    [Fact]
    public async Task Autovacuum_analyzes_the_search_table_after_half_its_size_again_and_the_other_tables_as_before()
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        // Every table's own autovacuum settings: only the search table's ANALYZE is spaced out (below 120,000 rows each one
        // reads the whole table, so a tenth's growth made it read ~11 rows for each row inserted, a half ~3); the job lists,
        // lineage's keys and the rest keep PostgreSQL's schedule, and no table's insert-driven VACUUM moves (it keeps fresh
        // the row count the planner and SearchSlice scale by).
        await using var read = new NpgsqlCommand("""
            SELECT c.relname, o
            FROM pg_class c CROSS JOIN LATERAL unnest(c.reloptions) AS o
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND o LIKE 'autovacuum%'
            ORDER BY 1, 2
            """, connection);
        var options = new List<string>();
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                options.Add($"{reader.GetString(0)}: {reader.GetString(1)}");
            }
        }
        Assert.Equal(["article_search: autovacuum_analyze_scale_factor=0.5"], options);
    }
}
