using Archive.Api.Tests.Infrastructure;
using Archive.Data;
using Archive.Data.Lineage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Archive.Api.Tests.Storage;

/// <summary>
/// The check every upload runs (no candidates, no family: <see cref="LineageStore.ChangesNoFamilyAsync"/>) and its shared
/// locks are planned once per session, not at each call (their planning cost more than their execution), and their one
/// plan probes indexes only: it is made on a fresh database's tiny tables, where a sequential scan looks cheapest, and
/// must still be probes when the tables have grown. So are the writes of an article's keys and site paragraphs. Read from the
/// session's own prepared statements.
/// </summary>
public sealed class LineageCheckPlanTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private const int Calls = 7;

    [Fact]
    public async Task The_no_family_check_and_its_locks_keep_one_generic_plan_without_sequential_scans()
    {
        await using var db = await PreparedStatements.OpenSessionAsync(factory.ConnectionString);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var lineage = new LineageStore(db);
        long[] keys = [.. Enumerable.Range(1, 60).Select(k => (long)k)];
        for (var i = 0; i < Calls; i++)
        {
            var article = Guid.NewGuid();
            Assert.True((await lineage.CheckNoFamilyAsync(new CandidateQuery(article, keys, 2, FingerprintSql.DefaultCommonKeyLimit),
                "https://example.test/a", Guid.NewGuid(), [11, 12], [], DateTimeOffset.UtcNow, CancellationToken.None)).Settled);
        }

        foreach (var (statement, index) in new[] { ("WITH f AS MATERIALIZED", "pk_fingerprint_keys"), ("pg_advisory_xact_lock_shared", "pk_site_paragraphs") })
        {
            var prepared = await PreparedStatements.FindAsync(connection, statement);
            Assert.Equal(0, prepared.CustomPlans);
            // Prepared from its second use on.
            Assert.True(prepared.GenericPlans >= Calls - 2, $"{statement}: {prepared.GenericPlans} generic plans");
            var plan = await ExplainAsync(connection, prepared.Name, prepared.ParameterTypes);
            Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
            Assert.Contains($"using {index}", plan, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_writes_of_an_articles_keys_keep_one_generic_plan_that_probes_its_own_index()
    {
        await using var db = await PreparedStatements.OpenSessionAsync(factory.ConnectionString);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var lineage = new LineageStore(db);
        var site = Guid.NewGuid();
        for (var i = 0; i < Calls; i++)
        {
            // A new article's ~260 keys, then the same article again with some of them changed, as a new version brings.
            var article = Guid.NewGuid();
            long[] keys = [.. Enumerable.Range(1, 260).Select(k => (long)k * 7919 + i)];
            await lineage.ReplaceIndexesAsync(article, keys, site, keys[..60], CancellationToken.None);
            await lineage.ReplaceIndexesAsync(article, [.. keys[30..], 1, 2, 3], site, keys[10..70], CancellationToken.None);
        }

        foreach (var (statement, index) in new[]
        {
            ("DELETE FROM fingerprint_keys", "ix_fingerprint_keys_article_id"),
            ("INSERT INTO fingerprint_keys", "ix_fingerprint_keys_article_id"),
            ("DELETE FROM site_paragraphs", "ix_site_paragraphs_article_id"),
            ("INSERT INTO site_paragraphs", "ix_site_paragraphs_article_id"),
        })
        {
            // Planned for each call, the keys' delete cost more to plan than to run; PostgreSQL made five custom plans of
            // each statement per session, and five more after every ANALYZE of the table.
            var prepared = await PreparedStatements.FindAsync(connection, statement);
            Assert.Equal(0, prepared.CustomPlans);
            Assert.True(prepared.GenericPlans >= 2 * Calls - 2, $"{statement}: {prepared.GenericPlans} generic plans");
            var plan = await ExplainAsync(connection, prepared.Name, prepared.ParameterTypes);
            Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
            // An index scan or, on the test's small tables, a bitmap scan of the same index.
            Assert.Contains($" on {index}", plan, StringComparison.Ordinal);
        }
    }

    /// <summary>The session's cached generic plan of the statement, made under the settings of the batch that ran it (a
    /// generic plan does not depend on the arguments, and settings changed since do not make it again).</summary>
    private static async Task<string> ExplainAsync(NpgsqlConnection connection, string name, string[] types)
    {
        var arguments = string.Join(", ", types.Select(t => t switch
        {
            "uuid" => "gen_random_uuid()",
            "bigint[]" => "'{1,2}'::bigint[]",
            "integer" => "2",
            "timestamp with time zone" => "now()",
            "text" => "'https://example.test/a'",
            "uuid[]" => "'{}'::uuid[]",
            _ => throw new InvalidOperationException($"no argument for a {t}"),
        }));
        await using var transaction = await connection.BeginTransactionAsync();
        await using var explain = new NpgsqlCommand($"""
            SELECT set_config('plan_cache_mode', 'force_generic_plan', true);
            EXPLAIN EXECUTE {name}({arguments})
            """, connection, transaction);
        var lines = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            await reader.NextResultAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }
        await transaction.RollbackAsync();
        return string.Join('\n', lines);
    }
}
