using Archive.Data.Entities;
using Archive.Engine.Lineage;
using Microsoft.EntityFrameworkCore;

namespace Archive.Data.Stores;

public sealed record ProvenanceArticle(Guid Id, string Url, Guid? PublisherId, string? PublisherName, string? PublisherDomain);

public sealed record ProvenanceVersion(Guid VersionId, Guid CaptureId, DateTimeOffset CapturedAt, CaptureSource Source, string? SubmittedBy,
    string RequestedUrl, string FinalUrl, string RawSha256, string ContentHash, string? Title, DateTimeOffset CreatedAt, bool IsCurrent,
    long? LogIndex);

public sealed record ProvenanceLink(Guid RepublicationId, string RepublicationUrl, Guid DerivedFromId, string DerivedFromUrl, Guid OriginId,
    LineageKind Kind, double Similarity, double Containment, DateTimeOffset ComputedAt, LineageDeclaration DeclaredBy, LineageReuse Reuse,
    EvidenceBasis Basis);

public sealed record ProvenanceData(ProvenanceArticle Article, IReadOnlyList<ProvenanceVersion> Versions, IReadOnlyList<ProvenanceLink> Links);

/// <summary>The reads behind an article's PROV document: its versions with their captures, and the lineage links that
/// name it as the republication or as the source.</summary>
public sealed class ProvenanceReads(ArchiveDbContext db)
{
    public async Task<ProvenanceData?> ForArticleAsync(Guid articleId, CancellationToken ct)
    {
        var article = await db.Articles.AsNoTracking().Where(a => a.Id == articleId)
            .Select(a => new ProvenanceArticle(a.Id, a.Url, a.PublisherId, a.Publisher != null ? a.Publisher.Name : null,
                a.Publisher != null ? a.Publisher.PrimaryDomain : null))
            .SingleOrDefaultAsync(ct);
        if (article is null)
        {
            return null;
        }
        var current = await db.Articles.Where(a => a.Id == articleId).Select(a => a.CurrentVersionId).SingleAsync(ct);
        var versions = await db.ArticleVersions.AsNoTracking().Where(v => v.ArticleId == articleId).OrderBy(v => v.CapturedAt).ThenBy(v => v.Id)
            .Select(v => new ProvenanceVersion(v.Id, v.CaptureId, v.CapturedAt, v.Capture!.Source, v.Capture.SubmittedBy, v.Capture.RequestedUrl,
                v.Capture.FinalUrl, v.Capture.RawSha256, v.ContentHash, v.Title, v.CreatedAt, v.Id == current,
                db.LogEntries.Where(e => e.CaptureId == v.CaptureId).Select(e => (long?)e.Index).FirstOrDefault()))
            .ToListAsync(ct);
        var links = await db.LineageLinks.AsNoTracking().Where(l => l.RepublicationId == articleId || l.DerivedFromId == articleId)
            .OrderBy(l => l.RepublicationId)
            .Select(l => new ProvenanceLink(l.RepublicationId, l.Republication!.Url, l.DerivedFromId, l.DerivedFrom!.Url, l.OriginId, l.Kind,
                l.Similarity, l.Containment, l.ComputedAt, l.DeclaredBy, l.Reuse, l.Basis))
            .ToListAsync(ct);
        return new ProvenanceData(article, versions, links);
    }
}
