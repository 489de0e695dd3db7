using Archive.Data.Entities;
using Archive.Engine;
using Microsoft.EntityFrameworkCore;

namespace Archive.Data.Stores;

/// <summary>
/// The submission queue's statements. Workers lease one job at a time with FOR UPDATE SKIP LOCKED, so several worker
/// processes share the queue and no job is worked twice at once; a lease that expires (its worker died) is taken over.
/// </summary>
public sealed class JobStore(ArchiveDbContext db)
{
    private static readonly string Queued = EnumText.Of(JobState.Queued);
    private static readonly string Fetching = EnumText.Of(JobState.Fetching);
    private static readonly string WorkerLost = EnumText.Of(JobFailureReason.WorkerLost);
    private static readonly string WorkerLostTwice = EnumText.Of(JobFailureReason.WorkerLostTwice);

    public async Task AddAsync(IReadOnlyCollection<Job> jobs, CancellationToken ct)
    {
        db.Jobs.AddRange(jobs);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The newest submission of <paramref name="url"/> created since <paramref name="since"/> that has not failed, or null.</summary>
    public Task<Job?> FindRecentAsync(string url, DateTimeOffset since, CancellationToken ct) =>
        db.Jobs.AsNoTracking()
            .Where(j => j.Url == url && j.CreatedAt >= since && j.State != JobState.Failed)
            .OrderByDescending(j => j.CreatedAt)
            .FirstOrDefaultAsync(ct);

    /// <summary>
    /// Leases the next claimable job (queued and due, or fetching with an expired lease) whose host is not among
    /// <paramref name="busyHosts"/> (lower-case), or null. A job taken over from an expired lease comes back marked
    /// <see cref="JobFailureReason.WorkerLost"/>, or <see cref="JobFailureReason.WorkerLostTwice"/> if it already was.
    /// </summary>
    public async Task<Job?> LeaseOneAsync(DateTimeOffset now, DateTimeOffset leaseUntil, string[] busyHosts, CancellationToken ct)
    {
        // In SET, state and failure_reason are the row's values before the update: fetching here means a takeover.
        var leased = await db.Jobs.FromSql($"""
            UPDATE jobs SET state = {Fetching}, attempts = attempts + 1, lease_until = {leaseUntil}, updated_at = {now},
                            started_at = COALESCE(started_at, {now}),
                            failure_reason = CASE WHEN state <> {Fetching} THEN failure_reason
                                                  WHEN failure_reason = {WorkerLost} THEN {WorkerLostTwice}
                                                  ELSE {WorkerLost} END
            WHERE id = (
                SELECT id FROM jobs
                WHERE ((state = {Queued} AND next_attempt_at <= {now}) OR (state = {Fetching} AND lease_until < {now}))
                  AND NOT COALESCE(lower(substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?(\[[^]]*\]|[^/?#:]*)')), '') = ANY({busyHosts})
                ORDER BY next_attempt_at
                FOR UPDATE SKIP LOCKED
                LIMIT 1)
            RETURNING *
            """).AsNoTracking().ToListAsync(ct);
        return leased.SingleOrDefault();
    }

    /// <summary>Marks a leased job done; called inside the transaction that stores its capture.</summary>
    public async Task CompleteAsync(Guid jobId, Guid captureId, Guid articleId, DateTimeOffset now, CancellationToken ct) =>
        await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, JobState.Done)
            .SetProperty(j => j.CaptureId, captureId)
            .SetProperty(j => j.ArticleId, articleId)
            .SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.UpdatedAt, now)
            .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null)
            .SetProperty(j => j.FailureReason, (JobFailureReason?)null)
            .SetProperty(j => j.FailureMessage, (string?)null), ct);

    /// <summary>Records a failed attempt: queued again at <paramref name="retryAt"/>, or failed for good when it is null.</summary>
    public async Task FailAsync(Guid jobId, DateTimeOffset? retryAt, JobFailureReason reason, string? message, DateTimeOffset now, CancellationToken ct) =>
        await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, retryAt is null ? JobState.Failed : JobState.Queued)
            .SetProperty(j => j.NextAttemptAt, retryAt ?? now)
            .SetProperty(j => j.FinishedAt, retryAt is null ? now : null)
            .SetProperty(j => j.UpdatedAt, now)
            .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null)
            .SetProperty(j => j.FailureReason, reason)
            .SetProperty(j => j.FailureMessage, message), ct);
}
