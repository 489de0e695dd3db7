using Archive.Api.Database;
using Archive.Api.Tests.Architecture;
using Archive.Api.Tests.Infrastructure;
using Npgsql;

namespace Archive.Api.Tests.Hosting;

/// <summary>
/// The server settings the archive ships for its own PostgreSQL (the embedded default and docker-compose.yml's <c>db</c>):
/// checkpoints spaced so index pages are imaged into the WAL less often, and PostgreSQL's own shared buffers.
/// </summary>
public sealed class DatabaseServerSettingsTests
{
    [Fact]
    public async Task The_embedded_cluster_runs_with_the_archives_server_settings()
    {
        var root = Path.Combine(Path.GetTempPath(), $"archive-settings-{Guid.NewGuid():N}");
        var embedded = new EmbeddedPostgres(Path.Combine(root, "postgres"));
        try
        {
            await embedded.EnsureStartedAsync();
            await using var connection = new NpgsqlConnection(embedded.ConnectionString("postgres"));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT name, setting, unit FROM pg_settings WHERE source = 'command line' ORDER BY name", connection);
            var settings = new Dictionary<string, (string Setting, string? Unit)>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    settings[reader.GetString(0)] = (reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
                }
            }

            Assert.False(settings.ContainsKey("shared_buffers"));
            Assert.Equal(("4096", "MB"), settings["max_wal_size"]);
            Assert.Equal(("900", "s"), settings["checkpoint_timeout"]);
            Assert.Equal("200", settings["max_connections"].Setting);
        }
        finally
        {
            await embedded.StopAsync();
            LeftoverFolders.TryDelete(root);
        }
    }

    [Fact]
    public void Docker_compose_runs_its_database_with_the_same_settings()
    {
        var compose = File.ReadAllText(Path.Combine(SourceScan.RepositoryRoot(), "docker-compose.yml"));
        foreach (var setting in EmbeddedPostgres.ServerSettings)
        {
            Assert.Contains($"-c {setting}", compose, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("-c shared_buffers", compose, StringComparison.Ordinal);
    }
}
