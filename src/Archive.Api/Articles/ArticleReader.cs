using System.Text.Json;
using Archive.Api.Ingestion;
using Archive.Data;
using Archive.Engine.Text;
using Microsoft.EntityFrameworkCore;

namespace Archive.Api.Articles;

/// <summary>Builds the article JSON: one version (the current one unless asked) with its capture and publisher.</summary>
public sealed class ArticleReader(ArchiveDbContext db, Lineage.LineageReader lineage)
{
    public async Task<ArticleResponse?> ReadAsync(Guid articleId, Guid? versionId, CancellationToken ct)
    {
        // One round trip for the article, its publisher and version count; one for the version with its capture's
        // reference fields (never the raw bytes); one or two for lineage. Reads are the hot path.
        var article = await db.Articles.AsNoTracking().Where(a => a.Id == articleId)
            .Select(a => new
            {
                a.Id,
                a.Url,
                a.CurrentVersionId,
                Publisher = a.Publisher == null ? null : new PublisherRef(a.Publisher.Id, a.Publisher.Name, a.Publisher.PrimaryDomain),
                VersionCount = a.Versions.Count,
            })
            .SingleOrDefaultAsync(ct);
        var wanted = versionId ?? article?.CurrentVersionId;
        if (article is null || wanted is null)
        {
            return null;
        }
        var found = await db.ArticleVersions.AsNoTracking().Where(v => v.Id == wanted && v.ArticleId == articleId)
            .Select(v => new
            {
                Version = v,
                Capture = new CaptureRef(v.Capture!.Id, v.Capture.CapturedAt, v.Capture.FinalUrl, v.Capture.HttpStatus,
                    ContentHash.Prefix + v.Capture.RawSha256,
                    v.Capture.Source == Data.Entities.CaptureSource.Fetched ? "fetched" : "uploaded"),
                Log = db.LogEntries.Where(e => e.CaptureId == v.CaptureId).Select(e => (long?)e.Index).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }
        var version = found.Version;
        return new ArticleResponse(
            article.Id, article.Url, version.Id, version.Id == article.CurrentVersionId, version.CanonicalUrl, version.Title,
            version.Byline, version.PublishedAt, version.PublishedRaw, version.ModifiedAt, version.Language, version.Description,
            article.Publisher, ContentHash.Prefix + version.ContentHash, version.Text, version.Html,
            version.Warnings, version.ExtractionConfidence,
            JsonSerializer.Deserialize<ArticleEvidence>(version.Evidence, JsonSerializerOptions.Web),
            found.Capture with { Log = found.Log },
            article.VersionCount,
            await lineage.ForArticleAsync(article.Id, ct),
            found.Log);
    }
}
