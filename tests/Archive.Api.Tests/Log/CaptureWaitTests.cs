using Archive.Api.Log;
using Archive.Api.Tests.Infrastructure;
using Archive.Data;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Archive.Api.Tests.Log;

/// <summary>No idle pass, and a short wait: a waiter left for a pass that cannot run gives up within the test.</summary>
public sealed class CaptureWaitFactory : ArchiveApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. base.Settings,
        new("Log:PollInterval", "01:00:00"),
        new("Log:IntegrationTimeout", "00:00:05"),
    ];
}

/// <summary>
/// An upload waits for its capture to be logged, not for a pass that began after it asked: the pass that logged it answers
/// it, even one that began before (it read the owed entries after the upload's commit) or ended before it asked. Passes are
/// kept from running by holding the sequencer's lock from a session of the test, so a waiter that needed another pass would
/// not be answered (null, after Log:IntegrationTimeout).
/// </summary>
public sealed class CaptureWaitTests(CaptureWaitFactory factory) : IClassFixture<CaptureWaitFactory>
{
    /// <summary>Answered from what the last pass that logged any logged, even after passes that logged nothing (an idle one,
    /// or one a wake that came while another ran began).</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task A_capture_the_last_pass_logged_is_answered_without_another_pass(int emptyPasses)
    {
        var sequencer = factory.Services.GetRequiredService<LogSequencer>();
        var capture = Guid.NewGuid();
        await OweCaptureAsync(capture);
        Assert.True(await sequencer.WaitForPassAsync(CancellationToken.None));
        for (var i = 0; i < emptyPasses; i++)
        {
            // Nothing is owed now: these passes log nothing.
            Assert.True(await sequencer.WaitForPassAsync(CancellationToken.None));
        }

        await using var holder = await HoldSequencerLockAsync();
        var logged = await sequencer.WaitForLoggedAsync(capture, CancellationToken.None);

        Assert.NotNull(logged);
        Assert.Equal(await IndexOfAsync(capture), logged.IndexOf(capture));
    }

    [Fact]
    public async Task A_capture_the_running_pass_logs_is_answered_by_that_pass()
    {
        var sequencer = factory.Services.GetRequiredService<LogSequencer>();
        Assert.True(await sequencer.WaitForPassAsync(CancellationToken.None));
        var capture = Guid.NewGuid();
        await using var first = await HoldSequencerLockAsync();
        await OweCaptureAsync(capture);
        // A pass begins and waits for the lock; it will read the owed entries once it has it, the capture among them.
        sequencer.Wake();
        await WaitForLockWaitersAsync(1);
        // The upload asks while that pass runs.
        var waiting = sequencer.WaitForLoggedAsync(capture, CancellationToken.None);
        // A second session queues for the lock behind the pass: whatever pass would follow it cannot run.
        await using var second = new NpgsqlConnection(factory.ConnectionString);
        await second.OpenAsync();
        await using var queue = new NpgsqlCommand("SELECT pg_advisory_lock($1)", second) { Parameters = { new() { Value = LockKeys.LogSequencer } } };
        var queued = queue.ExecuteNonQueryAsync();
        await WaitForLockWaitersAsync(2);
        try
        {
            await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", first) { Parameters = { new() { Value = LockKeys.LogSequencer } } })
            {
                await release.ExecuteNonQueryAsync();
            }
            var logged = await waiting;

            Assert.NotNull(logged);
            Assert.Equal(await IndexOfAsync(capture), logged.IndexOf(capture));
        }
        finally
        {
            await queued;
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", second) { Parameters = { new() { Value = LockKeys.LogSequencer } } };
            await release.ExecuteNonQueryAsync();
        }
        Assert.True(await sequencer.WaitForPassAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_waiter_for_a_capture_still_owed_waits_for_the_pass_that_logs_it()
    {
        var sequencer = factory.Services.GetRequiredService<LogSequencer>();
        var capture = Guid.NewGuid();
        await OweCaptureAsync(capture);

        var logged = await sequencer.WaitForLoggedAsync(capture, CancellationToken.None);

        Assert.NotNull(logged);
        Assert.Equal(await IndexOfAsync(capture), logged.IndexOf(capture));
    }

    /// <summary>A session holding the sequencer's lock until it is disposed (its end releases the lock).</summary>
    private async Task<NpgsqlConnection> HoldSequencerLockAsync()
    {
        var connection = new NpgsqlConnection(factory.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var take = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection) { Parameters = { new() { Value = LockKeys.LogSequencer } } };
        await take.ExecuteNonQueryAsync();
        return connection;
    }

    private async Task WaitForLockWaitersAsync(int count)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until)
        {
            await using var waiters = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", connection);
            if ((long)(await waiters.ExecuteScalarAsync())! >= count)
            {
                return;
            }
            await Task.Delay(20);
        }
        Assert.Fail($"{count} sessions did not come to wait for the sequencer's lock.");
    }

    private async Task OweCaptureAsync(Guid capture)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var owe = new NpgsqlCommand("""
            INSERT INTO log_pending (entry, kind, capture_id, article_ids, queued_at) VALUES ($1, 'capture', $2, $3, now())
            """, connection)
        {
            Parameters =
            {
                new() { Value = System.Text.Encoding.UTF8.GetBytes($"{{\"test\":\"{capture}\"}}") },
                new() { Value = capture },
                new() { Value = new[] { Guid.NewGuid() } },
            },
        };
        await owe.ExecuteNonQueryAsync();
    }

    private async Task<long?> IndexOfAsync(Guid capture)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var index = new NpgsqlCommand("SELECT idx FROM log_entries WHERE capture_id = $1", connection) { Parameters = { new() { Value = capture } } };
        return (long?)await index.ExecuteScalarAsync();
    }
}
