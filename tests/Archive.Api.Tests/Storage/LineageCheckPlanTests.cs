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
        await using var db = await PreparedStatements.OpenSessionAsync(factory.ConnectionString);
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
            var prepared = await PreparedStatements.FindAsync(connection, statement);
            Assert.Equal(0, prepared.CustomPlans);
            // Prepared from its second use on.
            Assert.True(prepared.GenericPlans >= Calls - 2, $"{statement}: {prepared.GenericPlans} generic plans");
            var plan = await ExplainAsync(connection, prepared.Name, prepared.ParameterTypes);
            Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
            Assert.Contains($"using {index}", plan, StringComparison.Ordinal);
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
