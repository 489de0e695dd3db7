using Archive.Api.Extensions;
using Archive.Data;
using Archive.Data.Stores;
using Microsoft.Extensions.Options;

namespace Archive.Api.Search;

/// <summary>
/// Brings <c>article_search</c> up to date after uploads commit, off their request path: an upload stores its article and
/// answers; this builds the owed search rows in batches (<see cref="SearchIndexing"/>), so no upload waits on another's
/// GIN insert. Woken by each ingest in this process; every <see cref="SearchIndexOptions.PollInterval"/> it also looks for
/// rows owed by other processes or left by a crash. Runs in every role (fetches are indexed where they are stored).
/// Batches start at most every <see cref="SearchIndexOptions.GatherInterval"/>: under a stream of uploads each call then
/// builds the rows of several articles instead of one or two, and a call's own cost (its transaction, lock, owed-row
/// lookup, commit) is paid once for all of them; an upload after a quiet spell is indexed at once.
/// </summary>
public sealed class SearchIndexer(IServiceScopeFactory scopes, TimeProvider time, IOptions<SearchIndexOptions> options,
    ILogger<SearchIndexer> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private readonly WakeSignal _wake = new();
    private readonly SemaphoreSlim _running = new(1, 1);
    // Articles whose row failed to build alone: left out here until the process restarts (they stay owed in the database).
    private readonly HashSet<Guid> _failing = [];
    private long _lastBatch;

    /// <summary>Asks for a batch soon (an ingest committed).</summary>
    public void Wake() => _wake.Wake();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await GatherAsync(stoppingToken);
                await CatchUpAsync(stoppingToken);
                await _wake.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The indexer must outlive a failed batch (database restart): owed rows stay owed and are retried.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogWarning(e, "A search indexing batch failed; retrying in {Delay}", RetryDelay);
                // Stopping during the pause ends the loop as stopping anywhere else does, without an exception.
                await Task.Delay(RetryDelay, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Waits until <see cref="SearchIndexOptions.GatherInterval"/> has passed since the last batch began.</summary>
    private async Task GatherAsync(CancellationToken ct)
    {
        var left = options.Value.GatherInterval - time.GetElapsedTime(Interlocked.Read(ref _lastBatch));
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left, time, ct);
        }
    }

    /// <summary>Builds batches until none is left owed (as of the last batch's start); returns how many rows it built.</summary>
    public async Task<int> CatchUpAsync(CancellationToken ct)
    {
        var batch = options.Value.BatchSize;
        var total = 0;
        while (true)
        {
            var done = await IndexBatchAsync(batch, ct);
            total += done;
            if (done < batch)
            {
                return total;
            }
        }
    }

    private async Task<int> IndexBatchAsync(int batch, CancellationToken ct)
    {
        // One batch at a time in this process (the loop and a caller of CatchUpAsync): the others would only wait on the lock.
        await _running.WaitAsync(ct);
        try
        {
            Interlocked.Exchange(ref _lastBatch, time.GetTimestamp());
            return await IndexBatchAloneAsync(batch, ct);
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task<int> IndexBatchAloneAsync(int batch, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArchiveDbContext>();
        return await SearchIndexing.IndexOwedAsync(db, batch, _failing, (id, e) =>
            logger.LogError(e, "The search row of article {ArticleId} cannot be built; it stays owed and unsearchable by words", id), ct);
    }

    public override void Dispose()
    {
        _wake.Dispose();
        _running.Dispose();
        base.Dispose();
    }
}

/// <summary>Configuration section <c>Search</c>.</summary>
public sealed class SearchIndexOptions
{
    /// <summary>Search rows built per batch.</summary>
    public int BatchSize { get; set; } = SearchIndexing.DefaultBatch;

    /// <summary>How often an idle indexer looks for rows owed by other processes or left by a crash.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The least time between the starts of two batches of the indexer's loop: what an upload may wait beyond the batch before
    /// its words are searchable, when the batch before it began less than this ago.
    /// </summary>
    public TimeSpan GatherInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
