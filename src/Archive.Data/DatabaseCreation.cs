using Npgsql;

namespace Archive.Data;

/// <summary>Creates the archive's database on a cluster that does not have it yet (the embedded default's first start).</summary>
public static class DatabaseCreation
{
    /// <summary>Creates <paramref name="database"/> through <paramref name="serverConnectionString"/> (a maintenance database) unless it exists.</summary>
    public static async Task EnsureExistsAsync(string serverConnectionString, string database, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = database } },
        };
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
    }
}
