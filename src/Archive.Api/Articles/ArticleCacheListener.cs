using Archive.Api.Roles;
using Archive.Data;
using Npgsql;

namespace Archive.Api.Articles;

/// <summary>
/// Listens, on a connection of its own, for the article evictions other processes announce (<see cref="ArticleCache.Channel"/>)
/// and drops this process's cached answers of those articles. Runs where the API is served. When the connection fails it
/// reconnects with backoff; notices sent meanwhile are lost, so on every (re)connect it drops the whole article cache.
/// </summary>
internal sealed class ArticleCacheListener(ArticleCache cache, ArchiveConnection connection, ProcessRoles roles, TimeProvider time,
    ILogger<ArticleCacheListener> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    /// <summary>Completes once the first LISTEN is in place: a process serves nothing stale from then on.</summary>
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        if (roles.ServesApi)
        {
            // Not serving before listening: a read cached before the first LISTEN could miss an eviction.
            await _listening.Task.WaitAsync(TimeSpan.FromSeconds(30), time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!roles.ServesApi)
        {
            _listening.TrySetResult();
            return;
        }
        var backoff = TimeSpan.FromMilliseconds(200);
        var builder = new NpgsqlConnectionStringBuilder(connection.ConnectionString)
        {
            Pooling = false,
            ApplicationName = "archive-cache-listener",
            // A dead server is noticed while waiting, not only at the next notice.
            KeepAlive = 15,
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var listener = new NpgsqlConnection(builder.ConnectionString);
                await listener.OpenAsync(stoppingToken);
                listener.Notification += (_, e) => Evict(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {ArticleCache.Channel}", listener))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                // Whatever was cached before this LISTEN may have missed a notice.
                await cache.EvictAllHereAsync(stoppingToken);
                _listening.TrySetResult();
                backoff = TimeSpan.FromMilliseconds(200);
                while (true)
                {
                    await listener.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The listener must outlive a database restart: it reconnects.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogWarning(e, "Lost the article cache listener's connection; reconnecting in {Backoff}", backoff);
                await Task.Delay(backoff, time, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private void Evict(string payload)
    {
        var ids = payload.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => Guid.TryParse(s, out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty).ToList();
        // The store's tag eviction is in memory: waiting on it here keeps the notices in order.
        cache.EvictHereAsync(ids, CancellationToken.None).GetAwaiter().GetResult();
    }
}
