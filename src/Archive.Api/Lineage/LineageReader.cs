using Archive.Data.Stores;
using Archive.Engine.Lineage;

namespace Archive.Api.Lineage;

/// <summary>Reads stored lineage links into the shapes the API returns.</summary>
public sealed class LineageReader(FamilyReads families)
{
    public async Task<ArticleLineage> ForArticleAsync(Guid articleId, CancellationToken ct) =>
        ForArticle(articleId, await families.OfArticleAsync(articleId, withDiffs: false, ct));

    /// <summary>The <c>lineage</c> member of <paramref name="articleId"/>'s JSON from its family, read already (the article page
    /// reads it with the article).</summary>
    public static ArticleLineage ForArticle(Guid articleId, Family family)
    {
        ArgumentNullException.ThrowIfNull(family);
        var links = family.Links;
        var own = links.SingleOrDefault(l => l.RepublicationId == articleId);
        var originId = own?.OriginId ?? articleId;
        if (own is null && links.Count == 0)
        {
            return new ArticleLineage(null, null, null, null, null, [], []);
        }
        var refs = Refs(family);
        // The origin lists its whole family; a copy lists the copies taken from it.
        var republications = links.Where(l => originId == articleId || l.DerivedFromId == articleId)
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
    /// answers them; the article page shows none).</summary>
    public async Task<LineageTree?> TreeAsync(Guid articleId, bool withDiffs, CancellationToken ct) =>
        Tree(articleId, await families.OfArticleAsync(articleId, withDiffs, ct));

    /// <summary>The tree of <paramref name="family"/>, read already; null when <paramref name="articleId"/> is unknown (it has no
    /// members, not even itself).</summary>
    public static LineageTree? Tree(Guid articleId, Family family)
    {
        ArgumentNullException.ThrowIfNull(family);
        if (!family.Members.ContainsKey(articleId))
        {
            return null;
        }
        var originId = family.Links.SingleOrDefault(l => l.RepublicationId == articleId)?.OriginId ?? articleId;
        var links = family.Links.Where(l => l.OriginId == originId).ToList();
        var refs = Refs(family);
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

    internal static IReadOnlyList<LineageEvidence> Evidence(Data.Entities.RepublicationLink link) => link.Evidence;

    private static Dictionary<Guid, ArticleRef> Refs(Family family) =>
        family.Members.Values.ToDictionary(m => m.ArticleId, m => new ArticleRef(m.ArticleId, m.Url, m.Publisher, m.PublisherDomain, m.PublishedAt));
}
