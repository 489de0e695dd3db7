namespace Archive.Api.Database;

/// <summary>Stops the embedded cluster when the host stops, if this host started it.</summary>
internal sealed class EmbeddedPostgresLifetime(EmbeddedPostgres postgres) : IHostedService
{
    public bool StartedHere { get; set; }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => StartedHere ? postgres.StopAsync() : Task.CompletedTask;
}
