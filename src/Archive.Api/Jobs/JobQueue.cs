using Archive.Data;
using Archive.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Archive.Api.Jobs;

public sealed class JobQueueOptions
{
    /// <summary>How long a worker owns a job before another may take it over (the worker died).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    public int MaxAttempts { get; set; } = 3;
    /// <summary>First retry delay; doubled each attempt, with up to 50% random jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// The submission queue, kept in PostgreSQL. Workers lease one job at a time with FOR UPDATE SKIP LOCKED, so several
/// worker processes share it and no job is worked twice at once; a lease that expires (its worker died) is taken over.
/// </summary>
public sealed class JobQueue(ArchiveDbContext db, IOptions<JobQueueOptions> options, TimeProvider time, JobSignal signal)
{
    public async Task<IReadOnlyList<Job>> EnqueueAsync(IEnumerable<string> urls, string? submittedBy, Guid? batchId, CancellationToken ct,
        bool ignoreRobots = false)
    {
        var now = time.GetUtcNow();
        var jobs = urls.Select(url => new Job
        {
            Url = url,
            SubmittedBy = submittedBy,
            BatchId = batchId,
            IgnoreRobots = ignoreRobots,
            CreatedAt = now,
            UpdatedAt = now,
            NextAttemptAt = now,
        }).ToList();
        db.Jobs.AddRange(jobs);
        await db.SaveChangesAsync(ct);
        signal.Notify();
        return jobs;
    }

    /// <summary>The newest submission of <paramref name="url"/> within <paramref name="window"/> that has not failed, or null.</summary>
    public async Task<Job?> FindRecentAsync(string url, TimeSpan window, CancellationToken ct)
    {
        if (window <= TimeSpan.Zero)
        {
            return null;
        }
        var since = time.GetUtcNow() - window;
        return await db.Jobs.AsNoTracking()
            .Where(j => j.Url == url && j.CreatedAt >= since && j.State != JobState.Failed)
            .OrderByDescending(j => j.CreatedAt)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>The failure reason a job carries while it is worked again after its worker's process died on it.</summary>
    public const string WorkerLost = "worker-lost";

    /// <summary>
    /// Takes the next claimable job (queued and due, or fetching with an expired lease), or null. Jobs of
    /// <paramref name="busyHosts"/> (hosts this process may not fetch now) are left for later, so one host's backlog never
    /// holds a worker that could fetch another host's job. A job taken over from an expired lease comes back marked
    /// <see cref="WorkerLost"/> (its worker died on it: work it only under a guard); one whose worker died twice is
    /// abandoned, never worked in-process a third time.
    /// </summary>
    public async Task<Job?> LeaseAsync(CancellationToken ct, IReadOnlyCollection<string>? busyHosts = null)
    {
        while (await LeaseOneAsync(busyHosts ?? [], ct) is { } job)
        {
            // A job whose lease keeps expiring (its worker dies on it every time) stops at the attempt limit too.
            if (job.Attempts <= options.Value.MaxAttempts && job.FailureReason != WorkerLostTwice)
            {
                return job;
            }
            await FailAsync(job, "abandoned", $"{job.Attempts - 1} attempts ended without an answer: the worker working it stopped each time.",
                transient: false, ct);
        }
        return null;
    }

    private const string WorkerLostTwice = "worker-lost-twice";

    private async Task<Job?> LeaseOneAsync(IReadOnlyCollection<string> busyHosts, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var leaseUntil = now + options.Value.Lease;
        var busy = busyHosts.Select(h => h.ToLowerInvariant()).ToArray();
        // In SET, state and failure_reason are the row's values before the update: 'fetching' here means a takeover.
        var leased = await db.Jobs.FromSql($"""
            UPDATE jobs SET state = 'fetching', attempts = attempts + 1, lease_until = {leaseUntil}, updated_at = {now},
                            started_at = COALESCE(started_at, {now}),
                            failure_reason = CASE WHEN state <> 'fetching' THEN failure_reason
                                                  WHEN failure_reason = {WorkerLost} THEN {WorkerLostTwice}
                                                  ELSE {WorkerLost} END
            WHERE id = (
                SELECT id FROM jobs
                WHERE ((state = 'queued' AND next_attempt_at <= {now}) OR (state = 'fetching' AND lease_until < {now}))
                  AND NOT COALESCE(lower(substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?(\[[^]]*\]|[^/?#:]*)')), '') = ANY({busy})
                ORDER BY next_attempt_at
                FOR UPDATE SKIP LOCKED
                LIMIT 1)
            RETURNING *
            """).AsNoTracking().ToListAsync(ct);
        return leased.SingleOrDefault();
    }

    /// <summary>Marks a leased job done; called inside the transaction that stores its capture.</summary>
    public async Task CompleteAsync(Guid jobId, Guid captureId, Guid articleId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, JobState.Done)
            .SetProperty(j => j.CaptureId, captureId)
            .SetProperty(j => j.ArticleId, articleId)
            .SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.UpdatedAt, now)
            .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null)
            .SetProperty(j => j.FailureReason, (string?)null)
            .SetProperty(j => j.FailureMessage, (string?)null), ct);
    }

    /// <summary>Records a failure: a transient one is retried later with backoff until the attempt limit; others fail at once.</summary>
    public async Task FailAsync(Job job, string reason, string? message, bool transient, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var now = time.GetUtcNow();
        var retry = transient && job.Attempts < options.Value.MaxAttempts;
        var delay = options.Value.RetryDelay * Math.Pow(2, job.Attempts - 1) * (1 + (Random.Shared.NextDouble() * 0.5));
        await db.Jobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, retry ? JobState.Queued : JobState.Failed)
            .SetProperty(j => j.NextAttemptAt, retry ? now + delay : now)
            .SetProperty(j => j.FinishedAt, retry ? null : now)
            .SetProperty(j => j.UpdatedAt, now)
            .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null)
            .SetProperty(j => j.FailureReason, reason)
            .SetProperty(j => j.FailureMessage, message), ct);
    }
}

/// <summary>Wakes idle workers when a job is enqueued in this process, so they need not wait for the next poll.</summary>
public sealed class JobSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0);

    public void Notify() => _semaphore.Release();

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _semaphore.WaitAsync(timeout, ct);

    public void Dispose() => _semaphore.Dispose();
}
