using Archive.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Archive.Api.Lineage;

/// <summary>
/// Runs the lineage updates a process owed and never finished: an upload or fetch whose process died after storing the
/// capture and before its lineage update leaves a <c>pending_lineage</c> row, and this picks it up once it is older than
/// <see cref="LineageOptions.SweepAfter"/>. Updates are idempotent, so two processes sweeping the same row do no harm.
/// </summary>
public sealed class LineageSweeper(IServiceScopeFactory scopes, TimeProvider time, IOptions<LineageOptions> options,
    Roles.ProcessRoles roles, ILogger<LineageSweeper> logger) : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Owed updates are background work: the worker role sweeps them (see ProcessRoles).
        if (!roles.RunsWorker)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                while (await SweepOnceAsync(stoppingToken) == BatchSize)
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The lineage sweep failed; it runs again in {Interval}", options.Value.SweepInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Runs the owed updates queued before <see cref="LineageOptions.SweepAfter"/> ago, oldest first; returns how many.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArchiveDbContext>();
        var before = time.GetUtcNow() - options.Value.SweepAfter;
        var owed = await db.PendingLineage.Where(p => p.QueuedAt < before).OrderBy(p => p.QueuedAt)
            .Select(p => p.ArticleId).Take(BatchSize).ToListAsync(ct);
        var lineage = scope.ServiceProvider.GetRequiredService<LineageService>();
        foreach (var articleId in owed)
        {
            await lineage.UpdateAsync(articleId, ct);
        }
        if (owed.Count > 0)
        {
            logger.LogInformation("Ran {Count} owed lineage updates left by an interrupted ingest", owed.Count);
        }
        return owed.Count;
    }
}
