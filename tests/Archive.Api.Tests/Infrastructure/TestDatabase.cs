using Archive.Api.Database;
using Npgsql;

namespace Archive.Api.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests run against: the one named by ConnectionStrings__Archive, or else the same
/// embedded default the service uses (a cluster of the run's own under the temp folder). Every test class gets a fresh
/// database of its own, built by the service's migrations at start-up.
/// </summary>
internal static class TestDatabase
{
    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    public static async Task<string> NewDatabaseAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(await Server.Value)
        {
            Database = $"archive_test_{Guid.NewGuid():N}",
            // Each factory is short-lived; small pools keep many test classes within max_connections.
            MaxPoolSize = 20,
        };
        return builder.ConnectionString;
    }

    public static async Task DropAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var name = builder.Database!;
        NpgsqlConnection.ClearAllPools();
        builder.Database = "postgres";
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Archive");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        // A cluster of this test run's own: another run (another checkout, a parallel `dotnet test`) can neither stop it
        // nor see its databases. It is stopped and removed when the run ends.
        RemoveClustersOfEndedRuns();
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"archive-tests-pg-{Environment.ProcessId}");
        var embedded = new EmbeddedPostgres(dataDirectory);
        await embedded.EnsureStartedAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            embedded.StopAsync().GetAwaiter().GetResult();
            LeftoverFolders.TryDelete(dataDirectory);
        };
        return embedded.ConnectionString("postgres");
    }

    /// <summary>A run that was killed, or whose exit handler was cut short, leaves its cluster folder behind.</summary>
    private static void RemoveClustersOfEndedRuns()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "archive-tests-pg-*"))
        {
            if (int.TryParse(Path.GetFileName(dir)["archive-tests-pg-".Length..], out var pid) && !LeftoverFolders.IsRunning(pid)
                && !File.Exists(Path.Combine(dir, "postmaster.pid")))
            {
                LeftoverFolders.TryDelete(dir);
            }
        }
    }
}
