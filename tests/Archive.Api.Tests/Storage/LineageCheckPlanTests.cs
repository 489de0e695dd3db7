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
/// must still be probes when the tables have grown. Read from the session's own prepared statements.
/// </summary>
public sealed class LineageCheckPlanTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private const int Calls = 7;

    [Fact]
    public async Task The_no_family_check_and_its_locks_keep_one_generic_plan_without_sequential_scans()
    {
        var options = new DbContextOptionsBuilder<ArchiveDbContext>();
        options.ConfigureArchiveDb(factory.ConnectionString);
        await using var db = new ArchiveDbContext(options.Options);
        // Opened here, the connection (one session, its prepared statements) stays open across the store's calls.
        await db.Database.OpenConnectionAsync();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var lineage = new LineageStore(db);
        long[] keys = [.. Enumerable.Range(1, 60).Select(k => (long)k)];
        for (var i = 0; i < Calls; i++)
        {
            var article = Guid.NewGuid();
            Assert.True(await lineage.ChangesNoFamilyAsync(new CandidateQuery(article, keys, 2, FingerprintSql.DefaultCommonKeyLimit),
                Guid.NewGuid(), [11, 12], DateTimeOffset.UtcNow, CancellationToken.None));
        }

        foreach (var (statement, index) in new[] { ("WITH c AS MATERIALIZED", "pk_fingerprint_keys"), ("pg_advisory_xact_lock_shared", "pk_site_paragraphs") })
        {
            var (name, types, generic, custom) = await PreparedAsync(connection, statement);
            Assert.Equal(0, custom);
            Assert.True(generic >= Calls - 2, $"{statement}: {generic} generic plans"); // prepared from its second use on
            var plan = await ExplainAsync(connection, name, types);
            Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
            Assert.Contains($"using {index}", plan, StringComparison.Ordinal);
        }
    }

    private static async Task<(string Name, string[] Types, long Generic, long Custom)> PreparedAsync(NpgsqlConnection connection, string statement)
    {
        await using var read = new NpgsqlCommand("""
            SELECT name, parameter_types::text[], generic_plans, custom_plans FROM pg_prepared_statements WHERE strpos(statement, $1) > 0
            """, connection);
        read.Parameters.AddWithValue(statement);
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"{statement}: not prepared");
        return (reader.GetString(0), reader.GetFieldValue<string[]>(1), reader.GetInt64(2), reader.GetInt64(3));
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
