using Archive.Data;
using Archive.Data.Entities;
using Archive.Data.Stores;
using Archive.Engine.Lineage;
using Microsoft.EntityFrameworkCore;

namespace Archive.Api.Lineage;

/// <summary>Reads stored lineage links into the shapes the API returns.</summary>
public sealed class LineageReader(Archive.Data.Replicas.ArchiveReadDb read, FamilyReads families)
{
    private readonly ArchiveDbContext db = read.Context;

    // A family read for one article of this scope (a request), kept so a page that shows both the article's lineage and the
    // family's tree reads the links and their articles once.
    private (Guid ArticleId, Guid OriginId, List<FamilyLink> Links, Dictionary<Guid, ArticleRef> Refs)? _family;

    public async Task<ArticleLineage> ForArticleAsync(Guid articleId, CancellationToken ct)
    {
        // The family in one query: every link of the story whose origin is this article's origin (or this article).
        var family = await families.OfArticleAsync(articleId, withDiffs: false, ct);
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
                l.Kind, l.Similarity, l.Containment, l.Evidence, l.DeclaredBy, l.Reuse, l.Basis))
            .ToList();
        return own is null
            ? new ArticleLineage(refs[originId], null, LineageKind.Origin, null, null, [], republications)
            : new ArticleLineage(refs[originId], refs[own.DerivedFromId], own.Kind, own.Similarity, own.Containment, own.Evidence, republications,
                own.DeclaredBy, own.Reuse, own.Basis);
    }

    /// <summary>The family as a tree from its origin, with each link's passage diff when <paramref name="withDiffs"/> (the API
    /// answers them; the article page shows none, so it reuses the family its article read).</summary>
    public async Task<LineageTree?> TreeAsync(Guid articleId, bool withDiffs, CancellationToken ct)
    {
        var (originId, links, refs) = !withDiffs && _family is { } known && known.ArticleId == articleId
            ? (known.OriginId, known.Links.Where(l => l.OriginId == known.OriginId).ToList(), known.Refs)
            : await FamilyAsync(articleId, withDiffs, ct) is { } read ? read : default;
        if (links is null)
        {
            return null;
        }
        var children = links.ToLookup(l => l.DerivedFromId);

        LineageNode Build(Guid id, FamilyLink? link) => new(
            refs[id], link?.Kind ?? LineageKind.Origin, link?.Similarity, link?.Containment, link?.SourceCoverage,
            link is null ? [] : link.Evidence,
            link?.Diff,
            [.. children[id].OrderBy(c => refs[c.RepublicationId].PublishedAt ?? DateTimeOffset.MaxValue)
                .ThenBy(c => refs[c.RepublicationId].Url, StringComparer.Ordinal)
                .Select(c => Build(c.RepublicationId, c))],
            link?.DeclaredBy, link?.Reuse, link?.Basis);

        return new LineageTree(articleId, refs[originId], Build(originId, null), links.Count + 1);
    }

    private async Task<(Guid OriginId, List<FamilyLink> Links, Dictionary<Guid, ArticleRef> Refs)?> FamilyAsync(Guid articleId,
        bool withDiffs, CancellationToken ct)
    {
        if (!await db.Articles.AnyAsync(a => a.Id == articleId, ct))
        {
            return null;
        }
        var family = await families.OfArticleAsync(articleId, withDiffs, ct);
        var originId = family.SingleOrDefault(l => l.RepublicationId == articleId)?.OriginId ?? articleId;
        var links = family.Where(l => l.OriginId == originId).ToList();
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
