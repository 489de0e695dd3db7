using System.Net;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;
using Archive.Transparency.Receipts;
using Npgsql;

namespace Archive.Api.Tests.Log;

/// <summary>A log pass takes at most <c>Log:BatchSize</c> entries, oldest first: one that took that many may have left
/// older ones owed, and an upload whose entry is among them waits for the pass that takes it.</summary>
public sealed class FullPassFactory : ArchiveApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. base.Settings,
        new("Log:BatchSize", "10"),
        // No idle pass: the backlog stays owed until the upload wakes the sequencer.
        new("Log:PollInterval", "01:00:00"),
        new("Log:IntegrationTimeout", "00:01:00"),
    ];
}

public sealed class FullPassTests(FullPassFactory factory) : IClassFixture<FullPassFactory>
{
    [Fact]
    public async Task An_upload_behind_a_backlog_answers_once_its_own_entry_is_logged()
    {
        var client = factory.CreateClient();
        // What a burst of lineage decisions or another process's ingests can leave owed: 60 passes' worth before the upload.
        await using (var connection = new NpgsqlConnection(factory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var owe = new NpgsqlCommand("""
                INSERT INTO log_pending (entry, kind, article_ids, queued_at)
                SELECT convert_to('{"backlog":' || i || '}', 'UTF8'), 'lineage', ARRAY[gen_random_uuid()], now()
                FROM generate_series(1, 600) AS i
                """, connection);
            await owe.ExecuteNonQueryAsync();
        }

        const string title = "Backlog story";
        var upload = await (await client.PostJsonAsync("/api/captures", new
        {
            url = "https://backlog.example/story",
            html = $"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>The harbour board met on Tuesday " +
                "and agreed to dredge the channel before the winter storms, after two ships grounded there this year.</p></article></body></html>",
        })).ReadJsonAsync(HttpStatusCode.Created);

        // Answered with its log index and its receipt ready, which a release by the first (full) pass would not give.
        Assert.Equal(JsonValueKind.Number, upload.GetProperty("log").ValueKind);
        Assert.True(upload.GetProperty("log").GetInt64() >= 600);
        var receipt = Receipt.Parse(await client.GetStringAsync($"/api/articles/{upload.GetProperty("id")}/receipt"));
        Assert.Equal(upload.GetProperty("log").GetInt64(), receipt.Index);
        Assert.All(ReceiptVerifier.Verify(receipt, await client.GetStringAsync("/api/log/key")), c => Assert.True(c.Ok, c.Detail));
    }
}
