using Archive.Api.Tests.Infrastructure;
using Archive.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Archive.Api.Tests.Search;

/// <summary>A database of its own migrated up to one migration, for a test of what the later ones do to its rows; dropped
/// when disposed.</summary>
internal sealed class PartlyMigrated : IAsyncDisposable
{
    private readonly ArchiveDbContext _db;

    private PartlyMigrated(string connectionString, ArchiveDbContext db, NpgsqlConnection connection)
    {
        ConnectionString = connectionString;
        _db = db;
        Connection = connection;
    }

    public string ConnectionString { get; }

    /// <summary>An open connection to the database.</summary>
    public NpgsqlConnection Connection { get; }

    public static async Task<PartlyMigrated> UpToAsync(string migration)
    {
        var connectionString = await TestDatabase.NewDatabaseAsync();
        var options = new DbContextOptionsBuilder<ArchiveDbContext>();
        options.ConfigureArchiveDb(connectionString);
        var db = new ArchiveDbContext(options.Options);
        await db.GetService<IMigrator>().MigrateAsync(migration);
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return new PartlyMigrated(connectionString, db, connection);
    }

    /// <summary>Applies every later migration, as the service does at its start.</summary>
    public Task MigrateAsync() => _db.GetService<IMigrator>().MigrateAsync();

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await _db.DisposeAsync();
        await TestDatabase.DropAsync(ConnectionString);
    }
}
