using Archive.Api.Database;
using Npgsql;

namespace Archive.Api.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests run against: the one named by ConnectionStrings__Archive, or else the same
/// embedded default the service uses (its own cluster under the temp folder). Every test class gets a fresh
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
        var embedded = new EmbeddedPostgres(Path.Combine(Path.GetTempPath(), "archive-tests-pg"));
        if (await embedded.EnsureStartedAsync())
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => embedded.StopAsync().GetAwaiter().GetResult();
        }
        return embedded.ConnectionString("postgres");
    }
}
