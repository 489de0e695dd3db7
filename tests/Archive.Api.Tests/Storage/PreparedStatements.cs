using Archive.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Archive.Api.Tests.Storage;

/// <summary>One of a session's own prepared statements, with how often PostgreSQL made each kind of plan for it.</summary>
internal sealed record PreparedStatement(string Name, string[] ParameterTypes, long GenericPlans, long CustomPlans);

/// <summary>
/// Reads what a session prepared (pg_prepared_statements counts each statement's generic and custom plans), for tests
/// that pin how a store's statements are planned.
/// </summary>
internal static class PreparedStatements
{
    /// <summary>
    /// A context whose connection is opened here, so it stays one session (with its prepared statements) across the
    /// stores' calls instead of going back to the pool after each. A new session, outside the pool: a pooled one may be a
    /// connection the service under test used already (its pool keeps sessions and their prepared statements, unreset),
    /// whose statements and plan counts are not the test's.
    /// </summary>
    public static async Task<ArchiveDbContext> OpenSessionAsync(string connectionString)
    {
        var options = new DbContextOptionsBuilder<ArchiveDbContext>();
        options.ConfigureArchiveDb(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        var db = new ArchiveDbContext(options.Options);
        await db.Database.OpenConnectionAsync();
        return db;
    }

    /// <summary>The session's prepared statement whose text holds <paramref name="fragment"/>; fails the test if none.</summary>
    public static async Task<PreparedStatement> FindAsync(NpgsqlConnection connection, string fragment)
    {
        var all = await AllAsync(connection, fragment);
        Assert.True(all.Count > 0, $"{fragment}: not prepared");
        return all[0];
    }

    /// <summary>Every prepared statement of the session whose text holds <paramref name="fragment"/>.</summary>
    public static async Task<List<PreparedStatement>> AllAsync(NpgsqlConnection connection, string fragment)
    {
        await using var read = new NpgsqlCommand("""
            SELECT name, parameter_types::text[], generic_plans, custom_plans FROM pg_prepared_statements WHERE strpos(statement, $1) > 0
            """, connection);
        read.Parameters.AddWithValue(fragment);
        await using var reader = await read.ExecuteReaderAsync();
        var all = new List<PreparedStatement>();
        while (await reader.ReadAsync())
        {
            all.Add(new PreparedStatement(reader.GetString(0), reader.GetFieldValue<string[]>(1), reader.GetInt64(2), reader.GetInt64(3)));
        }
        return all;
    }
}
