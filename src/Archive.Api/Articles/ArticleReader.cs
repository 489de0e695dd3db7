using Archive.Data;
using Archive.Engine;
using Archive.Engine.Text;
using Microsoft.EntityFrameworkCore;

namespace Archive.Api.Articles;

/// <summary>Builds the article JSON: one version (the current one unless asked) with its capture and publisher.</summary>
public sealed class ArticleReader(Archive.Data.Replicas.ArchiveReadDb read, Lineage.LineageReader lineage)
{
    private readonly ArchiveDbContext db = read.Context;

    public async Task<ArticleResponse?> ReadAsync(Guid articleId, Guid? versionId, CancellationToken ct)
    {
        // One round trip for the article, its publisher and version count; one for the version with its capture's
        // reference fields (never the raw bytes); one or two for lineage. Reads are the hot path.
        var article = await ArticleAsync(articleId, ct);
        var wanted = versionId ?? article?.CurrentVersionId;
        if (article is null || wanted is null)
        {
            return null;
        }
        var found = await db.ArticleVersions.AsNoTracking().Where(v => v.Id == wanted && v.ArticleId == articleId)
            .Select(v => new
            {
                Version = v,
                Capture = CaptureRef.Of(v.Capture!.Id, v.Capture.CapturedAt, v.Capture.FinalUrl, v.Capture.HttpStatus, v.Capture.RawSha256,
                    v.Capture.Source),
                Log = db.LogEntries.Where(e => e.CaptureId == v.CaptureId).Select(e => (long?)e.Index).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }
        return await ResponseAsync(article, found.Version, found.Capture, found.Log, found.Version.Evidence, ct);
    }

    /// <summary>
    /// The answer to an upload, from what ingest just stored: the version's text, HTML and evidence are in memory, so only
    /// what may have changed since (the article's current version and count, the log index, lineage) is read.
    /// </summary>
    public async Task<ArticleResponse?> ReadStoredAsync(Data.Entities.Capture capture, Data.Entities.ArticleVersion version,
        ArticleEvidence? evidence, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(version);
        var article = await ArticleAsync(version.ArticleId, ct);
        if (article is null)
        {
            return null;
        }
        var log = await LogIndexQuery.RunAsync(db, capture.Id, ct);
        return await ResponseAsync(article, version, CaptureRef.Of(capture), log, evidence, ct);
    }

    private sealed record ArticleRow(Guid Id, string Url, Guid? CurrentVersionId, PublisherRef? Publisher, int VersionCount);

    // Compiled (per model: the primary's and a replica's contexts differ): every upload's answer and every article read
    // runs these, and EF Core's per-call query-cache lookup cost more CPU than reading their rows.
    private static readonly CompiledQuery<Guid, ArticleRow?> ArticleQuery = new((db, articleId, ct) =>
        db.Articles.AsNoTracking().Where(a => a.Id == articleId)
            .Select(a => new ArticleRow(a.Id, a.Url, a.CurrentVersionId,
                a.Publisher == null ? null : new PublisherRef(a.Publisher.Id, a.Publisher.Name, a.Publisher.PrimaryDomain),
                a.Versions.Count))
            .SingleOrDefault());

    private static readonly CompiledQuery<Guid, long?> LogIndexQuery = new((db, captureId, ct) =>
        db.LogEntries.Where(e => e.CaptureId == captureId).Select(e => (long?)e.Index).FirstOrDefault());

    private Task<ArticleRow?> ArticleAsync(Guid articleId, CancellationToken ct) => ArticleQuery.RunAsync(db, articleId, ct);

    private async Task<ArticleResponse> ResponseAsync(ArticleRow article, Data.Entities.ArticleVersion version, CaptureRef capture,
        long? log, ArticleEvidence? evidence, CancellationToken ct) =>
        new(
            article.Id, article.Url, version.Id, version.Id == article.CurrentVersionId, version.CanonicalUrl, version.Title,
            version.Byline, version.PublishedAt, version.PublishedRaw, version.ModifiedAt, version.Language, version.Description,
            article.Publisher, ContentHash.Prefix + version.ContentHash, version.Text, version.Html,
            version.Warnings, version.ExtractionConfidence,
            evidence,
            capture with { Log = log },
            article.VersionCount,
            await lineage.ForArticleAsync(article.Id, ct),
            log);
}
