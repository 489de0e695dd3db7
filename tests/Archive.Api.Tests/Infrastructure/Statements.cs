using Npgsql;

namespace Archive.Api.Tests.Infrastructure;

/// <summary>Statements a test runs on a session of its own, outside the stores (setting rows up, taking locks).</summary>
internal static class Statements
{
    /// <summary>Runs <paramref name="sql"/> with <paramref name="values"/> as $1, $2….</summary>
    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await command.ExecuteNonQueryAsync();
    }
}
