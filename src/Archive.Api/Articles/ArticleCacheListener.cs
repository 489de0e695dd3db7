using Archive.Api.Roles;
using Archive.Data;

namespace Archive.Api.Articles;

/// <summary>
/// Listens, on a connection of its own, for the article evictions other processes announce (<see cref="ArticleChangeChannel"/>)
/// and drops this process's cached answers of those articles. Runs where the API is served. When the connection fails it
/// reconnects with backoff; notices sent meanwhile are lost, so on every (re)connect it drops the whole article cache.
/// </summary>
internal sealed class ArticleCacheListener(ArticleCache cache, ArticleChangeChannel changes, ProcessRoles roles, TimeProvider time,
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
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await changes.ListenAsync(Evict, async ct =>
                {
                    // Whatever was cached before this LISTEN may have missed a notice.
                    await cache.EvictAllHereAsync(ct);
                    _listening.TrySetResult();
                    backoff = TimeSpan.FromMilliseconds(200);
                }, stoppingToken);
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

    private void Evict(IReadOnlyList<Guid> ids) =>
        // The store's tag eviction is in memory: waiting on it here keeps the notices in order.
        cache.EvictHereAsync(ids, CancellationToken.None).GetAwaiter().GetResult();
}
