using System.Threading.Channels;
using Archive.Data.Entities;
using Archive.Data.Stores;

namespace Archive.Api.Imports;

/// <summary>Runs imports one at a time, in the order received; at start-up, runs again those a stop interrupted (records
/// already imported are recognised as duplicates, so a re-run only adds what is missing).</summary>
public sealed class ImportRunner(IServiceScopeFactory scopes, ILogger<ImportRunner> logger) : BackgroundService
{
    private readonly Channel<Guid> _queue = Channel.CreateUnbounded<Guid>();

    public void Enqueue(Guid id) => _queue.Writer.TryWrite(id);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            foreach (var unfinished in await scope.ServiceProvider.GetRequiredService<ImportStore>().UnfinishedAsync(stoppingToken))
            {
                Enqueue(unfinished.Id);
            }
        }
        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<WarcImporter>().RunAsync(id, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // One import's failure is recorded on it (WarcImporter); the runner goes on with the next.
                logger.LogError(ex, "Import {ImportId} stopped", id);
            }
        }
    }
}
