using Archive.Data.Stores;
using Archive.Api.Tests.Infrastructure;
using Npgsql;

namespace Archive.Api.Tests.Search;

/// <summary>The scope a search's estimates are divided by is the table as it is now, not as its last ANALYZE or VACUUM saw it.</summary>
public sealed class SearchScopeTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    [Fact]
    public async Task The_scope_grows_with_the_table_between_analyzes_as_the_planner_s_estimates_do()
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        // No autovacuum on this database's search table: the statistics stay those of the first 2,000 rows.
        await using (var off = new NpgsqlCommand("ALTER TABLE article_search SET (autovacuum_enabled = false)", connection))
        {
            await off.ExecuteNonQueryAsync();
        }
        await BulkArticles.InsertAsync(connection, Bulk("first", 1, 2_000));
        Assert.Equal(2_000, await RowsNowAsync(connection), tolerance: 50);

        await using (var create = new NpgsqlCommand(Bulk("second", 2_001, 6_000), connection) { CommandTimeout = 300 })
        {
            await create.ExecuteNonQueryAsync();
        }
        await BulkArticles.InsertRowsAsync(connection);
        await SearchIndexing.IndexAllOwedAsync(connection, CancellationToken.None, 1_000);

        await using var stored = new NpgsqlCommand("SELECT reltuples FROM pg_class WHERE oid = 'article_search'::regclass", connection);
        Assert.Equal(2_000, Convert.ToDouble(await stored.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture), tolerance: 50);
        // What the planner counts for a read of the whole table (the match estimates are scaled the same way), and the rows.
        await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) SELECT 1 FROM article_search", connection);
        var plan = System.Text.Json.JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
        var planned = plan.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
        var now = await RowsNowAsync(connection);

        Assert.Equal(planned, now, tolerance: 1.0);
        Assert.Equal(6_000, now, tolerance: 600);
    }

    private static async Task<double> RowsNowAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(SearchStore.RowsNow, connection);
        return Convert.ToDouble(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Bulk(string name, int from, int to) => $"""
        DROP TABLE IF EXISTS bulk;
        CREATE TEMP TABLE bulk AS
            SELECT i, md5('a{name}' || i)::uuid AS a, md5('c{name}' || i)::uuid AS c, md5('v{name}' || i)::uuid AS v,
                   'https://scope.example/news/' || i AS url, timestamptz '2020-01-01' + i * interval '1 hour' AS t,
                   'The harbour master spoke about the tides, report ' || i || '.' AS text
            FROM generate_series({from}, {to}) AS i
        """;
}
