using Archive.Data.Entities;
using Archive.Data.Stores;
using Microsoft.Extensions.Options;

namespace Archive.Api.Jobs;

/// <summary>Jobs to add, one per URL (absolute, as submitted); a batch's share its <see cref="BatchId"/>.</summary>
public sealed record NewJobs(IReadOnlyList<string> Urls, string? SubmittedBy)
{
    public Guid? BatchId { get; init; }
    /// <summary>Fetch even where robots.txt disallows it (an admin's submission only).</summary>
    public bool IgnoreRobots { get; init; }
}

/// <summary>
/// The submission queue's policy over <see cref="JobStore"/>: lease length, attempt limit, retry backoff, and waking idle
/// workers when a job is enqueued here.
/// </summary>
public sealed class JobQueue(JobStore store, IOptions<JobQueueOptions> options, TimeProvider time, JobSignal signal)
{
    public async Task<IReadOnlyList<Job>> EnqueueAsync(NewJobs request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var jobs = request.Urls.Select(url => new Job
        {
            Url = url,
            SubmittedBy = request.SubmittedBy,
            BatchId = request.BatchId,
            IgnoreRobots = request.IgnoreRobots,
            CreatedAt = now,
            UpdatedAt = now,
            NextAttemptAt = now,
        }).ToList();
        await store.AddAsync(jobs, ct);
        signal.Notify();
        return jobs;
    }

    /// <summary>The newest submission of <paramref name="url"/> within <paramref name="window"/> that has not failed, or null.</summary>
    public async Task<Job?> FindRecentAsync(string url, TimeSpan window, CancellationToken ct) =>
        window <= TimeSpan.Zero ? null : await store.FindRecentAsync(url, time.GetUtcNow() - window, ct);

    /// <summary>
    /// Takes the next claimable job (queued and due, or fetching with an expired lease), or null. Jobs of
    /// <paramref name="busyHosts"/> (hosts this process may not fetch now) are left for later, so one host's backlog never
    /// holds a worker that could fetch another host's job. A job taken over from an expired lease comes back marked
    /// <see cref="JobFailureReason.WorkerLost"/> (its worker died on it: work it only under a guard); one whose worker died twice is
    /// abandoned, never worked in-process a third time.
    /// </summary>
    public async Task<Job?> LeaseAsync(CancellationToken ct, IReadOnlyCollection<string>? busyHosts = null)
    {
        string[] busy = [.. (busyHosts ?? []).Select(h => h.ToLowerInvariant())];
        while (await LeaseOneAsync(busy, ct) is { } job)
        {
            // A job whose lease keeps expiring (its worker dies on it every time) stops at the attempt limit too.
            if (job.Attempts <= options.Value.MaxAttempts && job.FailureReason != JobFailureReason.WorkerLostTwice)
            {
                return job;
            }
            await FailAsync(job, JobFailureReason.Abandoned, $"{job.Attempts - 1} attempts ended without an answer: the worker working it stopped each time.",
                transient: false, ct);
        }
        return null;
    }

    private Task<Job?> LeaseOneAsync(string[] busy, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return store.LeaseOneAsync(now, now + options.Value.Lease, busy, ct);
    }

    /// <summary>Marks a leased job done; called inside the transaction that stores its capture.</summary>
    public Task CompleteAsync(Guid jobId, Guid captureId, Guid articleId, CancellationToken ct) =>
        store.CompleteAsync(jobId, captureId, articleId, time.GetUtcNow(), ct);

    /// <summary>Records a failure: a transient one is retried later with backoff until the attempt limit; others fail at once.</summary>
    public async Task FailAsync(Job job, JobFailureReason reason, string? message, bool transient, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var now = time.GetUtcNow();
        var retry = transient && job.Attempts < options.Value.MaxAttempts;
        var delay = options.Value.RetryDelay * Math.Pow(2, job.Attempts - 1) * (1 + (Random.Shared.NextDouble() * 0.5));
        await store.FailAsync(job.Id, retry ? now + delay : null, reason, message, now, ct);
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
