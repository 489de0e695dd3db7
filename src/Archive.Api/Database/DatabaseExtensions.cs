using Archive.Data;
using Microsoft.EntityFrameworkCore;

namespace Archive.Api.Database;

public sealed class DatabaseOptions
{
    /// <summary>Apply pending migrations at start-up.</summary>
    public bool MigrateOnStartup { get; set; } = true;
    /// <summary>Where the embedded default keeps its cluster when no connection string is configured.</summary>
    public string DataDirectory { get; set; } = ".data/postgres";
    /// <summary>Folder holding initdb and pg_ctl; found automatically when empty.</summary>
    public string? PostgresBinDirectory { get; set; }
}

internal static class DatabaseExtensions
{
    public static IHostApplicationBuilder AddArchiveDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration("Database");
        var configured = builder.Configuration.GetConnectionString("Archive");
        if (string.IsNullOrWhiteSpace(configured))
        {
            var options = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
            var dataDirectory = Path.IsPathRooted(options.DataDirectory)
                ? options.DataDirectory
                : Path.Combine(builder.Environment.ContentRootPath, options.DataDirectory);
            var embedded = new EmbeddedPostgres(dataDirectory, options.PostgresBinDirectory);
            builder.Services.AddSingleton(embedded);
            builder.Services.AddSingleton<EmbeddedPostgresLifetime>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<EmbeddedPostgresLifetime>());
            configured = embedded.ConnectionString("archive");
        }
        var connectionString = configured;
        builder.Services.AddArchiveDb(_ => connectionString);
        builder.Services.AddSingleton(new ArchiveConnection(connectionString));
        builder.AddReadReplica(connectionString);
        return builder;
    }

    /// <summary>Starts the embedded default if there is one and applies migrations; before the host serves anything.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var embedded = app.Services.GetService<EmbeddedPostgres>();
        if (embedded is not null)
        {
            var started = await embedded.EnsureStartedAsync();
            app.Services.GetRequiredService<EmbeddedPostgresLifetime>().StartedHere = started;
            await embedded.EnsureDatabaseAsync("archive");
            app.Logger.LogInformation("No ConnectionStrings:Archive configured: using the embedded PostgreSQL in {DataDirectory} ({State})",
                embedded.DataDirectory, started ? "started" : "already running");
        }
        var options = app.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (options.MigrateOnStartup)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ArchiveDbContext>().MigrateQuietlyAsync();
        }
    }

    /// <summary>Stops the embedded PostgreSQL if this process started it: for a start that failed before the host ran.</summary>
    public static async Task StopEmbeddedDatabaseAsync(this WebApplication app)
    {
        if (app.Services.GetService<EmbeddedPostgresLifetime>() is { StartedHere: true } lifetime)
        {
            await lifetime.StopAsync(CancellationToken.None);
            lifetime.StartedHere = false;
        }
    }
}
