using Archive.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Archive.Data.Stores;

/// <summary>A capture with the article version it became and its transparency-log entry.</summary>
public sealed record CaptureRow(Capture Capture, Guid? ArticleId, long? LogIndex);

/// <summary>How many of a batch's jobs are in each state, and when it was submitted.</summary>
public sealed record BatchRow(DateTimeOffset CreatedAt, IReadOnlyDictionary<JobState, int> Counts)
{
    public int Total => Counts.Values.Sum();
}

/// <summary>The reads behind submissions: one job or capture, lists of jobs, and batches.</summary>
public sealed class SubmissionReads(Replicas.ArchiveReadDb read)
{
    private readonly ArchiveDbContext db = read.Context;

    public Task<Job?> JobAsync(Guid id, CancellationToken ct) => db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, ct);

    public async Task<CaptureRow?> CaptureAsync(Guid captureId, CancellationToken ct)
    {
        var capture = await db.Captures.AsNoTracking().SingleOrDefaultAsync(c => c.Id == captureId, ct);
        if (capture is null)
        {
            return null;
        }
        var articleId = await db.ArticleVersions.Where(v => v.CaptureId == captureId).Select(v => (Guid?)v.ArticleId).SingleOrDefaultAsync(ct);
        var log = await db.LogEntries.Where(e => e.CaptureId == captureId).Select(e => (long?)e.Index).SingleOrDefaultAsync(ct);
        return new CaptureRow(capture, articleId, log);
    }

    /// <summary>Jobs, newest first, optionally of one state and one batch: the total and one page.</summary>
    public async Task<(int Total, List<Job> Items)> JobsAsync(JobState? state, Guid? batchId, int page, int pageSize, CancellationToken ct)
    {
        var jobs = db.Jobs.AsNoTracking();
        if (state is { } s)
        {
            jobs = jobs.Where(j => j.State == s);
        }
        if (batchId is { } b)
        {
            jobs = jobs.Where(j => j.BatchId == b);
        }
        var total = await jobs.CountAsync(ct);
        var items = await jobs.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (total, items);
    }

    /// <summary>A batch's counts per state, or null when no job belongs to it.</summary>
    public async Task<BatchRow?> BatchAsync(Guid batchId, CancellationToken ct)
    {
        var groups = await db.Jobs.Where(j => j.BatchId == batchId)
            .GroupBy(j => j.State)
            .Select(g => new { State = g.Key, Count = g.Count(), CreatedAt = g.Min(j => j.CreatedAt) })
            .ToListAsync(ct);
        return groups.Count == 0 ? null
            : new BatchRow(groups.Min(g => g.CreatedAt), groups.ToDictionary(g => g.State, g => g.Count));
    }

    /// <summary>One page of a batch's jobs (all submitted at the same moment), in a stable order.</summary>
    public Task<List<Job>> BatchJobsAsync(Guid batchId, int page, int pageSize, CancellationToken ct) =>
        db.Jobs.AsNoTracking().Where(j => j.BatchId == batchId).OrderBy(j => j.CreatedAt).ThenBy(j => j.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);

    /// <summary>The article version an upload of these exact bytes, of this URL, captured at this time, already became, or null.</summary>
    public async Task<(Guid ArticleId, Guid VersionId)?> SameUploadAsync(string requestedUrl, string rawSha256Hex, DateTimeOffset capturedAt,
        CancellationToken ct)
    {
        var found = await db.ArticleVersions.AsNoTracking()
            .Where(v => v.Capture!.RawSha256 == rawSha256Hex && v.Capture.CapturedAt == capturedAt && v.Capture.RequestedUrl == requestedUrl
                && v.Capture.Source == CaptureSource.Uploaded)
            .OrderBy(v => v.CreatedAt)
            .Select(v => new { v.ArticleId, v.Id })
            .FirstOrDefaultAsync(ct);
        return found is null ? null : (found.ArticleId, found.Id);
    }
}
