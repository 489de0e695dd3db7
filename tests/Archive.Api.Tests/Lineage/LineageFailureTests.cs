using System.Net;
using Archive.Api.Tests.Infrastructure;
using Npgsql;

namespace Archive.Api.Tests.Lineage;

/// <summary>
/// Lineage is derived data, updated after the upload's capture is committed. When that update fails, the upload has still
/// been stored: answering 500 would make the caller retry and store a second version. The durable pending-lineage row
/// written with the capture keeps the update owed, for the sweeper.
/// </summary>
public sealed class LineageFailureTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>, IAsyncLifetime
{
    private readonly HttpClient _client = factory.CreateClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => ExecuteAsync("DROP TRIGGER IF EXISTS lineage_breaks ON fingerprint_keys");

    [Fact]
    public async Task An_upload_whose_lineage_update_fails_is_answered_as_stored_and_its_update_stays_owed()
    {
        // The lineage update's first write (the article's fingerprint keys) fails, after the capture has been committed.
        await ExecuteAsync("""
            CREATE OR REPLACE FUNCTION lineage_breaks() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'lineage is down'; END $$;
            CREATE TRIGGER lineage_breaks BEFORE INSERT ON fingerprint_keys FOR EACH ROW EXECUTE FUNCTION lineage_breaks();
            """);
        const string url = "https://www.harbourgazette.com/news/lineage-down";
        var html = "<html><head><title>Quay works begin</title></head><body><article><h1>Quay works begin</h1>"
            + string.Concat(Enumerable.Range(1, 6).Select(i => $"<p>Paragraph {i} of a story about the quay works that began this week in the harbour town.</p>"))
            + "</article></body></html>";

        var response = await _client.PostJsonAsync("/api/captures", new { url, html });

        var article = await response.ReadJsonAsync(HttpStatusCode.Created);
        var id = article.GetProperty("id").GetGuid();
        Assert.Equal(1L, await ScalarAsync($"SELECT count(*) FROM article_versions WHERE article_id = '{id}'"));
        Assert.Equal(1L, await ScalarAsync($"SELECT count(*) FROM pending_lineage WHERE article_id = '{id}'"));
        Assert.Equal(0L, await ScalarAsync($"SELECT count(*) FROM fingerprint_keys WHERE article_id = '{id}'"));
        await (await _client.GetAsync($"/api/articles/{id}")).ReadJsonAsync(HttpStatusCode.OK);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
