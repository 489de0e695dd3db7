using System.Net;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Lineage;
using Archive.Data;
using Npgsql;

namespace Archive.Api.Tests.Storage;

/// <summary>
/// The service's pooled connections are handed out again without Npgsql's session reset (<c>No Reset On Close</c>, see
/// <see cref="ArchiveDataExtensions.WithoutSessionReset"/>), so whatever a piece of work leaves on its session reaches the
/// next: these find a session-level setting, LISTEN, temporary table, advisory lock, cursor or role left on any pooled
/// connection after the service's work.
/// </summary>
public sealed class PooledSessionTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private static readonly Outlet Courier = new("Valley Courier", "valleycourier.com");
    private static readonly Outlet Gazette = new("Harbour Gazette", "harbourgazette.com");

    /// <summary>Every kind of session state that outlives a transaction, one row each (own session only).</summary>
    private const string LeftState = """
        SELECT 'setting ' || name FROM pg_settings WHERE source = 'session'
        UNION ALL SELECT 'setting archive.plan_cache_mode' WHERE coalesce(current_setting('archive.plan_cache_mode', true), '') <> ''
        UNION ALL SELECT 'listen ' || c FROM pg_listening_channels() c
        UNION ALL SELECT 'temp table ' || relname FROM pg_class WHERE relnamespace = pg_my_temp_schema()
        UNION ALL SELECT 'advisory lock' FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'advisory'
        UNION ALL SELECT 'cursor ' || name FROM pg_cursors WHERE name <> '' -- the unnamed portal is this query's own
        UNION ALL SELECT 'role ' || current_user WHERE current_user <> session_user
        ORDER BY 1
        """;

    [Fact]
    public async Task A_pooled_connection_comes_back_with_what_its_last_holder_left()
    {
        _ = factory.CreateClient();
        // A pool of one of the service's own connection string: the second open takes the same session back.
        var connectionString = ArchiveDataExtensions.WithStatementPreparation(factory.ConnectionString + ";Maximum Pool Size=1");
        int pid;
        await using (var first = new NpgsqlConnection(connectionString))
        {
            await first.OpenAsync();
            pid = first.ProcessID;
            Assert.Empty(await LeftStateAsync(first));
            await using var leave = new NpgsqlCommand("""
                SET lock_timeout = '1s'; LISTEN archive_probe; CREATE TEMP TABLE probe (id int);
                SELECT pg_advisory_lock(1611)
                """, first);
            await leave.ExecuteNonQueryAsync();
        }
        await using var second = new NpgsqlConnection(connectionString);
        await second.OpenAsync();
        Assert.Equal(pid, second.ProcessID);

        // Npgsql's reset (seven statements ahead of this open's first) would have dropped all four.
        Assert.Equal(["advisory lock", "listen archive_probe", "setting lock_timeout", "temp table probe"], await LeftStateAsync(second));
    }

    [Fact]
    public async Task The_services_work_leaves_no_session_state_on_its_pooled_connections()
    {
        var client = factory.CreateClient();
        var quarry = new Story(1621, "Quarry road to close to lorries");
        var bus = new Story(1622, "School bus route changes");
        // A story seen nowhere else, a copy of it on another site (lineage's family path), a new version, then reads.
        var first = await Upload(client, Courier.Url("quarry-road"), Courier.Page(quarry.Title, quarry.Paragraphs, DateTimeOffset.UnixEpoch));
        await Upload(client, Courier.Url("school-bus"), Courier.Page(bus.Title, bus.Paragraphs, DateTimeOffset.UnixEpoch));
        var copy = await Upload(client, Gazette.Url("quarry-road-copy"),
            Gazette.Page(quarry.Title, quarry.Paragraphs, DateTimeOffset.UnixEpoch.AddDays(1)));
        Assert.Equal("verbatim", copy.GetProperty("lineage").GetProperty("kind").GetString());
        await Upload(client, Courier.Url("quarry-road"), Courier.Page(quarry.Title, [.. quarry.Paragraphs.Skip(1)], DateTimeOffset.UnixEpoch));
        var id = first.GetProperty("id").GetString();
        foreach (var path in new[] { $"/api/articles/{id}", $"/api/articles/{id}/versions", $"/api/articles/{id}/receipt",
                     "/api/search?q=quarry", "/api/articles", "/api/publishers", $"/articles/{id}" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        }

        // Take every idle connection of the service's pool at once (the background workers may hold one meanwhile), until
        // the pool has to open a session of its own for this test.
        var connectionString = ArchiveDataExtensions.WithStatementPreparation(factory.ConnectionString);
        var sessions = await SessionsAsync();
        var held = new List<NpgsqlConnection>();
        var left = new List<string>();
        try
        {
            while (true)
            {
                var connection = new NpgsqlConnection(connectionString);
                held.Add(connection);
                await connection.OpenAsync();
                if (!sessions.Contains(connection.ProcessID))
                {
                    break;
                }
                left.AddRange((await LeftStateAsync(connection)).Select(s => $"{connection.ProcessID}: {s}"));
            }
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }
        Assert.True(held.Count > 1, "The service's work left idle connections in its pool to look at.");
        Assert.Empty(left);
    }

    private static async Task<List<string>> LeftStateAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(LeftState, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }

    /// <summary>The sessions open on the test's database (one of its own, unpooled, to ask).</summary>
    private async Task<HashSet<int>> SessionsAsync()
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var pids = new HashSet<int>();
        while (await reader.ReadAsync())
        {
            pids.Add(reader.GetInt32(0));
        }
        return pids;
    }

    private static async Task<System.Text.Json.JsonElement> Upload(HttpClient client, string url, string html) =>
        await (await client.PostJsonAsync("/api/captures", new { url, html })).ReadJsonAsync(HttpStatusCode.Created);
}
