using Archive.Api.Log;
using Archive.Api.Tests.Infrastructure;
using Archive.Data;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Archive.Api.Tests.Log;

/// <summary>
/// The log pass tells every process the articles of the captures it logs, in its own transaction: PostgreSQL delivers the
/// notice at the commit that makes their log index readable, and never for a pass that rolled back. An upload answers
/// after that commit, so its change reaches the other processes' caches before its caller hears of it, without a notice
/// of its own (which was a round trip and a connection of the change channel's pool per upload).
/// </summary>
public sealed class LogNoticeTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    [Fact]
    public async Task A_pass_tells_the_articles_of_the_captures_it_logs_and_not_those_of_lineage_entries()
    {
        var heard = new List<Guid>();
        await using var listener = await ListenAsync(heard);
        Guid first = Guid.NewGuid(), second = Guid.NewGuid(), lineageOnly = Guid.NewGuid();
        // What ingests that died after their commit leave owed (a capture's article ids), and a lineage decision's entry.
        await OweAsync(("capture", Guid.NewGuid(), first), ("capture", Guid.NewGuid(), second), ("lineage", null, lineageOnly));

        Assert.True(await factory.Services.GetRequiredService<LogSequencer>().WaitForPassAsync(CancellationToken.None));
        await WaitForAsync(listener, () => heard.Contains(first) && heard.Contains(second));

        // Whatever else the pass or later ones tell, the lineage entry's article is not among it (lineage tells its own).
        await Task.Delay(200);
        await listener.WaitAsync(TimeSpan.FromMilliseconds(100));
        lock (heard)
        {
            Assert.DoesNotContain(lineageOnly, heard);
        }
    }

    [Fact]
    public async Task A_pass_that_rolls_back_tells_nothing()
    {
        var heard = new List<Guid>();
        await using var listener = await ListenAsync(heard);
        // A capture owed twice cannot be logged twice (log_entries' capture_id is unique): the pass fails and rolls back.
        var capture = Guid.NewGuid();
        Guid logged = Guid.NewGuid(), failed = Guid.NewGuid();
        await OweAsync(("capture", capture, logged));
        Assert.True(await factory.Services.GetRequiredService<LogSequencer>().WaitForPassAsync(CancellationToken.None));
        await WaitForAsync(listener, () => heard.Contains(logged));
        await OweAsync(("capture", capture, failed));
        var sequencer = factory.Services.GetRequiredService<LogSequencer>();
        sequencer.Wake();
        // The sequencer retries every second; three tries, none of them committed.
        var until = DateTime.UtcNow.AddSeconds(3);
        while (DateTime.UtcNow < until)
        {
            await listener.WaitAsync(TimeSpan.FromMilliseconds(200));
        }
        try
        {
            lock (heard)
            {
                Assert.DoesNotContain(failed, heard);
            }
        }
        finally
        {
            // The log goes on for the class's other tests.
            await using var connection = new NpgsqlConnection(factory.ConnectionString);
            await connection.OpenAsync();
            await using var clear = new NpgsqlCommand("DELETE FROM log_pending WHERE capture_id = $1", connection) { Parameters = { new() { Value = capture } } };
            await clear.ExecuteNonQueryAsync();
        }
        Assert.True(await sequencer.WaitForPassAsync(CancellationToken.None));
    }

    /// <summary>A session listening on the change channel, adding the ids it hears to <paramref name="heard"/> (while it is waited on).</summary>
    private async Task<NpgsqlConnection> ListenAsync(List<Guid> heard)
    {
        var listener = new NpgsqlConnection(factory.ConnectionString + ";Pooling=false");
        listener.Notification += (_, e) =>
        {
            lock (heard)
            {
                heard.AddRange(ArticleChangeChannel.Parse(e.Payload));
            }
        };
        await listener.OpenAsync();
        await using var listen = new NpgsqlCommand($"LISTEN {ArticleChangeChannel.Channel}", listener);
        await listen.ExecuteNonQueryAsync();
        return listener;
    }

    private static async Task WaitForAsync(NpgsqlConnection listener, Func<bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until)
        {
            if (done())
            {
                return;
            }
            await listener.WaitAsync(TimeSpan.FromMilliseconds(200));
        }
        Assert.Fail("The notice did not come.");
    }

    private async Task OweAsync(params (string Kind, Guid? CaptureId, Guid ArticleId)[] entries)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        foreach (var (kind, captureId, articleId) in entries)
        {
            await using var owe = new NpgsqlCommand("""
                INSERT INTO log_pending (entry, kind, capture_id, article_ids, queued_at) VALUES ($1, $2, $3, $4, now())
                """, connection)
            {
                Parameters =
                {
                    new() { Value = System.Text.Encoding.UTF8.GetBytes($"{{\"test\":\"{articleId}\"}}") },
                    new() { Value = kind },
                    new() { Value = (object?)captureId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid },
                    new() { Value = new[] { articleId } },
                },
            };
            await owe.ExecuteNonQueryAsync();
        }
    }
}
