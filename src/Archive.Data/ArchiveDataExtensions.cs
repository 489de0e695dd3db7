using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Archive.Data;

public static class ArchiveDataExtensions
{
    /// <summary>The assembly that holds the EF Core migrations (its own project, see migrations/).</summary>
    public const string MigrationsAssembly = "Archive.Migrations";

    public static void ConfigureArchiveDb(this DbContextOptionsBuilder options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.UseNpgsql(WithStatementPreparation(connectionString), npgsql => npgsql.MigrationsAssembly(MigrationsAssembly))
            .UseSnakeCaseNamingConvention();
    }

    /// <summary>
    /// The session the archive's statements run in. Npgsql prepares the statements the service sends again and again (an
    /// upload or a read runs the same few dozen), so PostgreSQL parses each once per connection and can reuse its plan; a
    /// connection string that sets <c>Max Auto Prepare</c> itself keeps its value. Statements whose best plan depends on
    /// their arguments (the lineage lookups) ask for custom plans in their own transaction. JIT compilation is off
    /// (<see cref="WithoutJit"/>), and a pooled connection is handed out again without a session reset
    /// (<see cref="WithoutSessionReset"/>).
    /// </summary>
    public static string WithStatementPreparation(string connectionString)
    {
        // NpgsqlConnectionStringBuilder knows every keyword; the plain builder holds only the ones present.
        var prepared = Names(connectionString, "Max Auto Prepare")
            ? connectionString
            : new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 }.ConnectionString;
        return WithoutSessionReset(WithoutJit(prepared));
    }

    /// <summary>
    /// <c>No Reset On Close</c>, unless the connection string names it. Npgsql resets a pooled connection's session each time
    /// it is taken again: seven statements (<c>SET SESSION AUTHORIZATION DEFAULT</c>, <c>RESET ALL</c>, <c>CLOSE ALL</c>,
    /// <c>UNLISTEN *</c>, <c>pg_advisory_unlock_all()</c>, <c>DISCARD SEQUENCES</c>, <c>DISCARD TEMP</c>) parsed and run ahead
    /// of the next statement, ~0.13 ms of the backend's CPU, about five times an upload. Nothing the archive runs on a pooled
    /// connection outlives its transaction: settings are <c>set_config(…, true)</c>, advisory locks <c>pg_advisory_xact_lock*</c>;
    /// the session locks of the host slots and the LISTEN of the change channel have unpooled connections of their own. Npgsql
    /// still rolls back a transaction left open. <c>PooledSessionTests</c> fails if any work leaves session state behind.
    /// </summary>
    public static string WithoutSessionReset(string connectionString) => Names(connectionString, "No Reset On Close")
        ? connectionString
        : new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString;

    private static bool Names(string connectionString, string keyword) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.ContainsKey(keyword);

    /// <summary>
    /// Sessions start with <c>jit = off</c>, unless the connection string's <c>Options</c> already name <c>jit</c>. PostgreSQL
    /// compiles a statement whose estimated cost passes <c>jit_above_cost</c>, and estimates are what statistics make them:
    /// in a fresh archive's first minute (tables never analyzed yet; autovacuum's first pass comes after its 60 s nap) the
    /// lineage check's postings were estimated at ~870 rows a key instead of one, its cost at 477,000, and compiling 46
    /// functions took ~60 ms for a statement that runs in 2 (docs/performance.md). The archive's statements are index
    /// lookups and small writes; none runs long enough for compiled expressions to repay their compilation.
    /// </summary>
    public static string WithoutJit(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains("jit", StringComparison.OrdinalIgnoreCase) == true)
        {
            return connectionString;
        }
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? "-c jit=off" : builder.Options + " -c jit=off";
        return builder.ConnectionString;
    }

    public static IServiceCollection AddArchiveDb(this IServiceCollection services, Func<IServiceProvider, string> connectionString)
    {
        services.AddDbContextPool<ArchiveDbContext>((sp, options) => options.ConfigureArchiveDb(connectionString(sp)));
        // Read endpoints ask for ArchiveReadDb; it is the primary's context unless a read replica is registered and may serve.
        services.AddScoped<Replicas.ReadRoute>();
        services.AddScoped(sp => new Replicas.ArchiveReadDb(sp.GetRequiredService<ArchiveDbContext>(),
            sp.GetRequiredService<Replicas.ReadRoute>(), sp.GetService<Replicas.ReadReplica>()));
        return services;
    }
}

public static class ArchiveMigrations
{
    /// <summary>
    /// Applies pending migrations without an error in the log on a fresh database: Npgsql's provider learns whether the
    /// history table exists by querying it and catching the failure, which EF Core logs as "Failed executing DbCommand".
    /// Creating the table first (the provider's own IF NOT EXISTS script) leaves that probe nothing to fail on.
    /// </summary>
    public static async Task MigrateQuietlyAsync(this ArchiveDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var creator = db.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(ct))
        {
            await creator.CreateAsync(ct);
        }
        var history = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository>();
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), ct);
        // A migration may rebuild derived data over every article (the search index's phrase pairs): minutes on a large
        // archive, far past the 30 s a request's statement gets.
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(TimeSpan.FromHours(2));
        try
        {
            await db.Database.MigrateAsync(ct);
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
        }
    }
}
