using System.Data.Common;
using Archive.Api.Tests.Infrastructure;
using Archive.Data;
using Archive.Data.Entities;
using Archive.Data.Replicas;
using Archive.Data.Stores;
using Archive.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Archive.Api.Tests.Storage;

/// <summary>
/// The job lists (<c>GET /api/captures</c> newest first, filtered by state or batch; a batch's page oldest first) read their
/// page off an index in order, and the queue's claim keeps its own index. The statements are the stores' own, caught as
/// they run with their parameters, and explained (EXPLAIN (FORMAT JSON)) over 20,000 finished jobs and 1,000 waiting (retries not due, live leases): before the indexes a
/// list sorted the whole table.
/// </summary>
public sealed class JobListPlanTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>, IAsyncLifetime
{
    private static readonly Guid Batch = Guid.Parse("0196f000-0000-7000-8000-000000000001");

    public async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        // Finished jobs, which the service's worker leaves alone; one in twenty failed, 500 in one batch.
        await using var insert = new NpgsqlCommand("""
            INSERT INTO jobs (id, url, state, attempts, created_at, updated_at, next_attempt_at, batch_id, ignore_robots)
            SELECT gen_random_uuid(), 'https://plans.example/story/' || g, CASE WHEN g % 20 = 0 THEN $1 ELSE $2 END, 1, t, t, t,
                   CASE WHEN g <= 500 THEN $3 END, false
            FROM (SELECT g, timestamptz '2026-01-01' + g * interval '1 minute' AS t FROM generate_series(1, 20000) g) s
            """, connection)
        {
            Parameters = { new() { Value = EnumText.Of(JobState.Failed) }, new() { Value = EnumText.Of(JobState.Done) }, new() { Value = Batch } },
        };
        await insert.ExecuteNonQueryAsync();
        // Retries waiting for their time and jobs under a live lease (neither due within the test, so the worker leaves them):
        // the claim must reach past them by its own index (state, next_attempt_at), not a list's (state, created_at, id).
        await using var waiting = new NpgsqlCommand("""
            INSERT INTO jobs (id, url, state, attempts, created_at, updated_at, next_attempt_at, lease_until, ignore_robots)
            SELECT gen_random_uuid(), 'https://plans.example/waiting/' || g, CASE WHEN g % 5 = 0 THEN $2 ELSE $1 END, 1, t, t,
                   timestamptz '2100-01-01' + g * interval '1 minute', CASE WHEN g % 5 = 0 THEN timestamptz '2100-01-01' END, false
            FROM (SELECT g, timestamptz '2026-02-01' + g * interval '1 minute' AS t FROM generate_series(1, 1000) g) s
            """, connection)
        {
            Parameters = { new() { Value = EnumText.Of(JobState.Queued) }, new() { Value = EnumText.Of(JobState.Fetching) } },
        };
        await waiting.ExecuteNonQueryAsync();
        await using var analyze = new NpgsqlCommand("ANALYZE jobs", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Job_lists_read_their_page_off_an_index_in_order_and_the_claim_keeps_its_index()
    {
        var caught = new CaughtStatements();
        var options = new DbContextOptionsBuilder<ArchiveDbContext>();
        options.ConfigureArchiveDb(factory.ConnectionString);
        options.AddInterceptors(caught);
        await using var db = new ArchiveDbContext(options.Options);
        var reads = new SubmissionReads(new ArchiveReadDb(db, new ReadRoute()));

        var lists = new Dictionary<string, string>
        {
            ["all"] = await PageStatementAsync(caught, () => reads.JobsAsync(null, null, 2, 20, CancellationToken.None)),
            ["one state"] = await PageStatementAsync(caught, () => reads.JobsAsync(JobState.Failed, null, 1, 20, CancellationToken.None)),
            ["one batch"] = await PageStatementAsync(caught, () => reads.JobsAsync(null, Batch, 1, 20, CancellationToken.None)),
            ["batch page"] = await PageStatementAsync(caught, () => reads.BatchJobsAsync(Batch, 1, 20, CancellationToken.None)),
        };
        var expected = new Dictionary<string, string>
        {
            ["all"] = "ix_jobs_created_at_id", ["one state"] = "ix_jobs_state_created_at_id",
            ["one batch"] = "ix_jobs_batch_id_created_at_id", ["batch page"] = "ix_jobs_batch_id_created_at_id",
        };
        foreach (var (name, plan) in lists)
        {
            Assert.True(plan.Contains(expected[name], StringComparison.Ordinal), $"{name}: {plan}");
            Assert.False(plan.Contains("\"Sort\"", StringComparison.Ordinal), $"{name} sorts: {plan}");
            Assert.False(plan.Contains("Seq Scan", StringComparison.Ordinal), $"{name} scans the table: {plan}");
        }

        // Nothing is claimable (finished, or not yet due): the statement runs, leases nothing, and is explained as it ran.
        var claim = await PlanOfAsync(caught, () => new JobStore(db).LeaseOneAsync(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(1),
            [], CancellationToken.None), "UPDATE jobs SET state");
        Assert.True(claim.Contains("ix_jobs_state_next_attempt_at", StringComparison.Ordinal), claim);
        Assert.False(claim.Contains("created_at_id", StringComparison.Ordinal), claim);
    }

    private Task<string> PageStatementAsync<T>(CaughtStatements caught, Func<Task<T>> read) => PlanOfAsync(caught, read, "ORDER BY");

    /// <summary>Runs <paramref name="read"/>, then explains the statement it sent that contains <paramref name="marker"/>.</summary>
    private async Task<string> PlanOfAsync<T>(CaughtStatements caught, Func<Task<T>> read, string marker)
    {
        caught.Statements.Clear();
        await read();
        var statement = caught.Statements.Single(s => s.CommandText.Contains(marker, StringComparison.Ordinal));
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + statement.CommandText, connection);
        explain.Parameters.AddRange(statement.Parameters);
        return (string)(await explain.ExecuteScalarAsync())!;
    }

    private sealed record Statement(string CommandText, NpgsqlParameter[] Parameters);

    /// <summary>Every statement the context sends, with copies of its parameters.</summary>
    private sealed class CaughtStatements : DbCommandInterceptor
    {
        public List<Statement> Statements { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Statements.Add(new Statement(command.CommandText, [.. command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone())]));
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
