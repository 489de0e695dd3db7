using Archive.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Archive.Data.Stores;

public sealed record ArchiveCounts(long Articles, long Publishers, long Republications);

public sealed record RecentArticle(Guid Id, string Url, string? Title, DateTimeOffset? PublishedAt, DateTimeOffset CapturedAt,
    Guid? PublisherId, string? PublisherName);

/// <summary>One captured version of an article with what came with its capture: how (fetched or uploaded), by whom, from where.</summary>
public sealed record VersionRow(Guid VersionId, Guid CaptureId, DateTimeOffset CapturedAt, DateTimeOffset StoredAt, CaptureSource Source,
    string? SubmittedBy, string? SubmitterName, string RequestedUrl, string FinalUrl, string RedirectChain, int? HttpStatus,
    string? ContentType, long RawLength, string RawSha256, long? FetchDurationMs, string ContentHash, string? Title,
    string? PublishedRaw, string? ModifiedRaw, string? CanonicalUrl, string? Language, string? PublisherName, bool IsCurrent);

public sealed record PublisherRow(Guid Id, string Name, string PrimaryDomain, IReadOnlyList<string> Domains, int Articles);

public sealed record JobRow(Guid Id, string Url, JobState State, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset NextAttemptAt, DateTimeOffset? FinishedAt, JobFailureReason? FailureReason, string? FailureMessage, Guid? ArticleId,
    Guid? BatchId, string? Title);

/// <summary>The reads behind the reader's pages that no API endpoint already makes.</summary>
public sealed class ReaderStore(Replicas.ArchiveReadDb read)
{
    private readonly ArchiveDbContext db = read.Context;

    public async Task<ArchiveCounts> CountsAsync(CancellationToken ct) => new(
        await db.Articles.LongCountAsync(a => a.CurrentVersionId != null, ct),
        await db.Publishers.LongCountAsync(ct),
        await db.LineageLinks.LongCountAsync(ct));

    /// <summary>The most recently captured articles (articles are made in capture order, so their id order is newest last).</summary>
    public Task<List<RecentArticle>> RecentAsync(int count, CancellationToken ct) =>
        db.Articles.AsNoTracking().Where(a => a.CurrentVersionId != null).OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .Take(count)
            .Select(a => new RecentArticle(a.Id, a.Url, a.CurrentVersion!.Title, a.CurrentVersion.PublishedAt, a.CurrentVersion.CapturedAt,
                a.PublisherId, a.Publisher != null ? a.Publisher.Name : null))
            .ToListAsync(ct);

    /// <summary>Every version of an article, oldest capture first, with its capture's reference fields (never the raw bytes).</summary>
    public async Task<List<VersionRow>> VersionsAsync(Guid articleId, CancellationToken ct)
    {
        // The current version's id as a subquery of the same statement: one round trip for the page's versions.
        var current = db.Articles.Where(a => a.Id == articleId).Select(a => a.CurrentVersionId);
        return await db.ArticleVersions.AsNoTracking().Where(v => v.ArticleId == articleId)
            .OrderBy(v => v.CapturedAt).ThenBy(v => v.Id)
            .Select(v => new VersionRow(v.Id, v.CaptureId, v.CapturedAt, v.Capture!.StoredAt, v.Capture.Source, v.Capture.SubmittedBy,
                db.ApiKeys.Where(k => v.Capture.SubmittedBy == "key:" + k.Id.ToString()).Select(k => k.Name).FirstOrDefault(),
                v.Capture.RequestedUrl, v.Capture.FinalUrl, v.Capture.RedirectChain, v.Capture.HttpStatus, v.Capture.ContentType,
                v.Capture.RawLength, v.Capture.RawSha256, v.Capture.FetchDurationMs, v.ContentHash, v.Title, v.PublishedRaw, v.ModifiedRaw,
                v.CanonicalUrl, v.Language, v.PublisherName, v.Id == current.FirstOrDefault()))
            .ToListAsync(ct);
    }

    /// <summary>The clean texts of two versions of one article (either null when it is not a version of that article).</summary>
    public async Task<(string? Left, string? Right)> TextsAsync(Guid articleId, Guid left, Guid right, CancellationToken ct)
    {
        var texts = await db.ArticleVersions.AsNoTracking().Where(v => v.ArticleId == articleId && (v.Id == left || v.Id == right))
            .Select(v => new { v.Id, v.Text }).ToListAsync(ct);
        return (texts.Find(t => t.Id == left)?.Text, texts.Find(t => t.Id == right)?.Text);
    }

    public Task<PublisherRow?> PublisherAsync(Guid id, CancellationToken ct) =>
        db.Publishers.AsNoTracking().Where(p => p.Id == id)
            .Select(p => new PublisherRow(p.Id, p.Name, p.PrimaryDomain, p.Domains.Select(d => d.Domain).OrderBy(d => d).ToList(),
                db.Articles.Count(a => a.PublisherId == p.Id && a.CurrentVersionId != null)))
            .SingleOrDefaultAsync(ct);

    /// <summary>An outlet's articles, newest publication (or capture) first.</summary>
    public Task<List<RecentArticle>> PublisherArticlesAsync(Guid publisherId, int page, int pageSize, CancellationToken ct) =>
        db.Articles.AsNoTracking().Where(a => a.PublisherId == publisherId && a.CurrentVersionId != null)
            .OrderByDescending(a => a.CurrentVersion!.PublishedAt ?? a.CurrentVersion.CapturedAt).ThenBy(a => a.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(a => new RecentArticle(a.Id, a.Url, a.CurrentVersion!.Title, a.CurrentVersion.PublishedAt, a.CurrentVersion.CapturedAt,
                a.PublisherId, null))
            .ToListAsync(ct);

    public Task<JobRow?> JobAsync(Guid id, CancellationToken ct) => Jobs(db.Jobs.Where(j => j.Id == id)).SingleOrDefaultAsync(ct);

    /// <summary>A batch's jobs in submission order; empty when no such batch.</summary>
    public Task<List<JobRow>> BatchAsync(Guid batchId, int limit, CancellationToken ct) =>
        Jobs(db.Jobs.Where(j => j.BatchId == batchId).OrderBy(j => j.CreatedAt).ThenBy(j => j.Id).Take(limit)).ToListAsync(ct);

    public async Task<Dictionary<JobState, int>> BatchCountsAsync(Guid batchId, CancellationToken ct) =>
        await db.Jobs.Where(j => j.BatchId == batchId).GroupBy(j => j.State).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    private IQueryable<JobRow> Jobs(IQueryable<Job> jobs) =>
        jobs.AsNoTracking().Select(j => new JobRow(j.Id, j.Url, j.State, j.Attempts, j.CreatedAt, j.UpdatedAt, j.NextAttemptAt, j.FinishedAt,
            j.FailureReason, j.FailureMessage, j.ArticleId, j.BatchId,
            db.Articles.Where(a => a.Id == j.ArticleId).Select(a => a.CurrentVersion!.Title).FirstOrDefault()));
}
