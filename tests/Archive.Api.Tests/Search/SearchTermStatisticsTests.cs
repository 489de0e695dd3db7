using Npgsql;

namespace Archive.Api.Tests.Search;

/// <summary>
/// The statistics of the search index's terms are gathered at their target (400: up to 4,000 lexemes) by the migrations that
/// set it, on the connection that set it: before SearchTermStatisticsGathered the ANALYZE read the index's old target and
/// kept 1,000, so mid-frequency words were estimated at the floor and counted over the whole archive.
/// </summary>
public sealed class SearchTermStatisticsTests
{
    [Fact]
    public async Task Migrating_an_archive_gathers_the_terms_statistics_at_the_target_it_sets()
    {
        await using var database = await PartlyMigrated.UpToAsync("20261202130000_SearchIndexerPlansOnce");
        // Every article holds the same 1,500 words (and so 1,499 pairs): each term is in every row, so ANALYZE keeps as
        // many as its target allows, ten a unit: 1,000 at the default 100.
        await BulkArticles.InsertAsync(database.Connection, """
            CREATE TEMP TABLE bulk AS SELECT i, gen_random_uuid() AS a, gen_random_uuid() AS c, gen_random_uuid() AS v,
                'https://harbour.example/terms/' || i AS url, timestamptz '2024-05-01' + i * interval '1 hour' AS t,
                (SELECT string_agg('w' || n, ' ') FROM generate_series(1, 1500) AS n) AS text FROM generate_series(1, 30) AS i
            """);

        await database.MigrateAsync();

        await using var kept = new NpgsqlCommand("""
            SELECT array_length(most_common_elems, 1) FROM pg_stats
            WHERE schemaname = 'public' AND tablename = 'ix_article_search_terms'
            """, database.Connection);
        Assert.True((int)(await kept.ExecuteScalarAsync())! > 2_000);
    }
}
