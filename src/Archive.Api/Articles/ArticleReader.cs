using Archive.Data;
using Archive.Data.Stores;
using Archive.Engine;
using Archive.Engine.Text;
using Microsoft.EntityFrameworkCore;

namespace Archive.Api.Articles;

/// <summary>Builds the article JSON: one version (the current one unless asked) with its capture and publisher.</summary>
public sealed class ArticleReader(Archive.Data.Replicas.ArchiveReadDb read, Lineage.LineageReader lineage, StoredAnswerReads stored)
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
    /// what may have changed since (the article's current version and count, the log index, lineage) is read, in one round trip.
    /// </summary>
    public async Task<ArticleResponse?> ReadStoredAsync(CaptureRef capture, Data.Entities.ArticleVersion version,
        ArticleEvidence? evidence, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(version);
        var (row, log, family) = await stored.ReadAsync(version.ArticleId, capture.Id, ct);
        return row is null ? null : Response(RowOf(row), version, capture, log, evidence, Lineage.LineageReader.ForArticle(row.Id, family));
    }

    /// <summary>
    /// The answer to an upload from what it stored and was told, reading nothing: the article row as its commit left it, the
    /// log index its pass gave, and no lineage (the article's check found it in no family). The same JSON as
    /// <see cref="ReadStoredAsync"/> unless another change of the article committed meanwhile.
    /// </summary>
    public static ArticleResponse Stored(AnswerArticle row, CaptureRef capture, Data.Entities.ArticleVersion version,
        ArticleEvidence? evidence, long log)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(capture);
        return Response(RowOf(row), version, capture, log, evidence, Lineage.LineageReader.ForArticle(row.Id, new Family([], [])));
    }

    private static ArticleRow RowOf(AnswerArticle row) => new(row.Id, row.Url, row.CurrentVersionId,
        row.PublisherId is { } publisherId ? new PublisherRef(publisherId, row.PublisherName!, row.PublisherDomain!) : null, row.VersionCount);

    private sealed record ArticleRow(Guid Id, string Url, Guid? CurrentVersionId, PublisherRef? Publisher, int VersionCount);

    // Compiled (per model: the primary's and a replica's contexts differ): every article read runs it, and EF Core's
    // per-call query-cache lookup cost more CPU than reading its row.
    private static readonly CompiledQuery<Guid, ArticleRow?> ArticleQuery = new((db, articleId, ct) =>
        db.Articles.AsNoTracking().Where(a => a.Id == articleId)
            .Select(a => new ArticleRow(a.Id, a.Url, a.CurrentVersionId,
                a.Publisher == null ? null : new PublisherRef(a.Publisher.Id, a.Publisher.Name, a.Publisher.PrimaryDomain),
                a.Versions.Count))
            .SingleOrDefault());

    private Task<ArticleRow?> ArticleAsync(Guid articleId, CancellationToken ct) => ArticleQuery.RunAsync(db, articleId, ct);

    private async Task<ArticleResponse> ResponseAsync(ArticleRow article, Data.Entities.ArticleVersion version, CaptureRef capture,
        long? log, ArticleEvidence? evidence, CancellationToken ct) =>
        Response(article, version, capture, log, evidence, await lineage.ForArticleAsync(article.Id, ct));

    private static ArticleResponse Response(ArticleRow article, Data.Entities.ArticleVersion version, CaptureRef capture,
        long? log, ArticleEvidence? evidence, Lineage.ArticleLineage lineage) =>
        new(
            article.Id, article.Url, version.Id, version.Id == article.CurrentVersionId, version.CanonicalUrl, version.Title,
            version.Byline, version.PublishedAt, version.PublishedRaw, version.ModifiedAt, version.Language, version.Description,
            article.Publisher, ContentHash.Prefix + version.ContentHash, version.Text, version.Html,
            version.Warnings, version.ExtractionConfidence,
            evidence,
            capture with { Log = log },
            article.VersionCount,
            lineage,
            log);
}
