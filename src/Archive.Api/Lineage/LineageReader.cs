using Archive.Data;
using Archive.Data.Entities;
using Archive.Engine.Lineage;
using Microsoft.EntityFrameworkCore;

namespace Archive.Api.Lineage;

/// <summary>Reads stored lineage links into the shapes the API returns.</summary>
public sealed class LineageReader(Archive.Data.Replicas.ArchiveReadDb read)
{
    private readonly ArchiveDbContext db = read.Context;

    // A family read for one article of this scope (a request), kept so a page that shows both the article's lineage and the
    // family's tree reads the links and their articles once.
    private (Guid ArticleId, Guid OriginId, List<RepublicationLink> Links, Dictionary<Guid, ArticleRef> Refs)? _family;

    public async Task<ArticleLineage> ForArticleAsync(Guid articleId, CancellationToken ct)
    {
        // The family in one query: every link of the story whose origin is this article's origin (or this article).
        var originOfThis = db.LineageLinks.Where(l => l.RepublicationId == articleId).Select(l => (Guid?)l.OriginId);
        var family = await db.LineageLinks.AsNoTracking()
            .Where(l => l.OriginId == articleId || l.OriginId == originOfThis.FirstOrDefault())
            .ToListAsync(ct);
        var own = family.SingleOrDefault(l => l.RepublicationId == articleId);
        var originId = own?.OriginId ?? articleId;
        if (own is null && family.Count == 0)
        {
            return new ArticleLineage(null, null, null, null, null, [], []);
        }
        var refs = await RefsAsync([originId, .. family.Select(l => l.RepublicationId), .. own is null ? [] : new[] { own.DerivedFromId }], ct);
        _family = (articleId, originId, family, refs);
        // The origin lists its whole family; a copy lists the copies taken from it.
        var republications = family.Where(l => originId == articleId || l.DerivedFromId == articleId)
            .OrderBy(l => refs[l.RepublicationId].PublishedAt ?? DateTimeOffset.MaxValue).ThenBy(l => refs[l.RepublicationId].Url, StringComparer.Ordinal)
            .Select(l => new Republication(l.RepublicationId, refs[l.RepublicationId].Url, refs[l.RepublicationId].Publisher, l.DerivedFromId,
                l.Kind, l.Similarity, l.Containment, Evidence(l), l.DeclaredBy, l.Reuse, l.Basis))
            .ToList();
        return own is null
            ? new ArticleLineage(refs[originId], null, LineageKind.Origin, null, null, [], republications)
            : new ArticleLineage(refs[originId], refs[own.DerivedFromId], own.Kind, own.Similarity, own.Containment, Evidence(own), republications,
                own.DeclaredBy, own.Reuse, own.Basis);
    }

    public async Task<LineageTree?> TreeAsync(Guid articleId, CancellationToken ct)
    {
        var (originId, links, refs) = _family is { } known && known.ArticleId == articleId
            ? (known.OriginId, known.Links.Where(l => l.OriginId == known.OriginId).ToList(), known.Refs)
            : await FamilyAsync(articleId, ct) is { } read ? read : default;
        if (links is null)
        {
            return null;
        }
        var children = links.ToLookup(l => l.DerivedFromId);

        LineageNode Build(Guid id, RepublicationLink? link) => new(
            refs[id], link?.Kind ?? LineageKind.Origin, link?.Similarity, link?.Containment, link?.SourceCoverage,
            link is null ? [] : Evidence(link),
            link?.Diff,
            [.. children[id].OrderBy(c => refs[c.RepublicationId].PublishedAt ?? DateTimeOffset.MaxValue)
                .ThenBy(c => refs[c.RepublicationId].Url, StringComparer.Ordinal)
                .Select(c => Build(c.RepublicationId, c))],
            link?.DeclaredBy, link?.Reuse, link?.Basis);

        return new LineageTree(articleId, refs[originId], Build(originId, null), links.Count + 1);
    }

    private async Task<(Guid OriginId, List<RepublicationLink> Links, Dictionary<Guid, ArticleRef> Refs)?> FamilyAsync(Guid articleId,
        CancellationToken ct)
    {
        if (!await db.Articles.AnyAsync(a => a.Id == articleId, ct))
        {
            return null;
        }
        var originId = await db.LineageLinks.Where(l => l.RepublicationId == articleId).Select(l => (Guid?)l.OriginId).SingleOrDefaultAsync(ct)
            ?? articleId;
        var links = await db.LineageLinks.AsNoTracking().Where(l => l.OriginId == originId).ToListAsync(ct);
        return (originId, links, await RefsAsync([originId, .. links.Select(l => l.RepublicationId)], ct));
    }

    internal static IReadOnlyList<LineageEvidence> Evidence(RepublicationLink link) => link.Evidence;

    private async Task<Dictionary<Guid, ArticleRef>> RefsAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return await db.Articles.AsNoTracking().Where(a => wanted.Contains(a.Id))
            .Select(a => new ArticleRef(a.Id, a.Url, a.Publisher != null ? a.Publisher.Name : null,
                a.Publisher != null ? a.Publisher.PrimaryDomain : null, a.CurrentVersion != null ? a.CurrentVersion.PublishedAt : null))
            .ToDictionaryAsync(r => r.ArticleId, ct);
    }
}
