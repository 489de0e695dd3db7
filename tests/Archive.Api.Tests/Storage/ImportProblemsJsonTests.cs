using System.Net;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Archive.Api.Tests.Storage;

/// <summary>
/// An import's problems (a jsonb column): a row written before the column was typed reads back, and the API answers it
/// byte for byte as it always has.
/// </summary>
public sealed class ImportProblemsJsonTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>What the service stored before, serialised by hand with JsonSerializerOptions.Web.</summary>
    internal const string StoredProblems = """
        [{"recordId":"<urn:uuid:7c3c3a8e-0000-4000-8000-000000000001>","targetUri":"https://news.example/a","reason":"digest-mismatch","message":"WARC-Block-Digest does not match the record's bytes; the record is not imported."},
         {"recordId":null,"targetUri":null,"reason":"too-large","message":"The page is larger than 10 bytes or its Content-Encoding is unsupported."}]
        """;

    [Fact]
    public async Task Problems_stored_by_the_old_code_are_answered_unchanged_on_the_wire()
    {
        var id = Guid.CreateVersion7();
        await using (var connection = new NpgsqlConnection(factory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("""
                INSERT INTO imports (id, state, file_name, spool_path, bytes_total, bytes_read, records, imported, duplicates, skipped,
                                     failed, problems, created_at, started_at, finished_at)
                VALUES ($1, 'done', 'old.warc', '/nowhere/old.warc', 100, 100, 3, 1, 0, 1, 1, $2::jsonb,
                        '2026-11-30T10:00:00Z', '2026-11-30T10:00:01Z', '2026-11-30T10:00:02Z')
                """, connection)
            {
                Parameters = { new() { Value = id }, new() { Value = StoredProblems } },
            };
            await insert.ExecuteNonQueryAsync();
        }

        var response = await _client.GetAsync($"/api/imports/{id}");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            """
            {"id":"ID","state":"done","fileName":"old.warc","bytesTotal":100,"bytesRead":100,"progress":1,"records":3,"imported":1,"duplicates":0,"skipped":1,"failed":1,"problems":[{"recordId":"<urn:uuid:7c3c3a8e-0000-4000-8000-000000000001>","targetUri":"https://news.example/a","reason":"digest-mismatch","message":"WARC-Block-Digest does not match the record's bytes; the record is not imported."},{"recordId":null,"targetUri":null,"reason":"too-large","message":"The page is larger than 10 bytes or its Content-Encoding is unsupported."}],"error":null,"createdAt":"2026-11-30T10:00:00Z","startedAt":"2026-11-30T10:00:01Z","finishedAt":"2026-11-30T10:00:02Z"}
            """.Replace("ID", id.ToString(), StringComparison.Ordinal),
            body);
    }

    [Fact]
    public async Task The_stored_form_is_what_the_old_code_wrote()
    {
        // Whatever writes the column now, PostgreSQL holds the same jsonb value as the hand-serialised text did.
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        var id = await ImportWithProblemsAsync();
        await using var read = new NpgsqlCommand("SELECT problems = $2::jsonb, problems::text FROM imports WHERE id = $1", connection)
        {
            Parameters = { new() { Value = id }, new() { Value = StoredProblems } },
        };
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.GetBoolean(0), reader.GetString(1));
    }

    private async Task<Guid> ImportWithProblemsAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<Archive.Data.Stores.ImportStore>();
        var problems = JsonSerializer.Deserialize<List<Archive.Data.Entities.ImportProblem>>(StoredProblems, JsonSerializerOptions.Web)!;
        var import = await store.CreateAsync(new Archive.Data.Entities.Import
        {
            State = Archive.Data.Entities.ImportState.Done, SpoolPath = "/nowhere/new.warc", CreatedAt = DateTimeOffset.UnixEpoch,
            Problems = problems,
        }, default);
        return import.Id;
    }
}
