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
        var article = await db.Articles.AsNoTracking().Include(a => a.Publisher).SingleOrDefaultAsync(a => a.Id == articleId, ct);
        var wanted = versionId ?? article?.CurrentVersionId;
        if (article is null || wanted is null)
        {
            return null;
        }
        var version = await db.ArticleVersions.AsNoTracking()
            .SingleOrDefaultAsync(v => v.Id == wanted && v.ArticleId == articleId, ct);
        // The capture's reference fields only: its raw bytes are not needed to describe it.
        var capture = version is null ? null : await db.Captures.AsNoTracking().Where(c => c.Id == version.CaptureId)
            .Select(c => new CaptureRef(c.Id, c.CapturedAt, c.FinalUrl, c.HttpStatus, c.RawSha256, c.Source.ToString()))
            .SingleOrDefaultAsync(ct);
        if (version is null || capture is null)
        {
            return null;
        }
        var publisher = article.Publisher;
        var versionCount = await db.ArticleVersions.CountAsync(v => v.ArticleId == articleId, ct);
        return new ArticleResponse(
            article.Id, article.Url, version.Id, version.Id == article.CurrentVersionId, version.CanonicalUrl, version.Title,
            version.Byline, version.PublishedAt, version.PublishedRaw, version.ModifiedAt, version.Language, version.Description,
            publisher is null ? null : new PublisherRef(publisher.Id, publisher.Name, publisher.PrimaryDomain),
            ContentHash.Prefix + version.ContentHash, version.Text, version.Html,
            JsonSerializer.Deserialize<ArticleEvidence>(version.Evidence, JsonSerializerOptions.Web),
            capture with { Source = capture.Source.ToLowerInvariant() },
            versionCount,
            await lineage.ForArticleAsync(article.Id, ct));
    }
}
