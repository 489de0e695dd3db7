using System.Text.Json;
using Archive.Data.Entities;
using Archive.Engine.Lineage;

namespace Archive.Api.Lineage;

/// <summary>Links as stored (<c>lineage_links</c>): made from the resolver's, and compared decision by decision.</summary>
internal static class StoredLinks
{
    public static RepublicationLink Of(LineageLink link, DateTimeOffset computedAt) => new()
    {
        RepublicationId = link.RepublicationId,
        DerivedFromId = link.DerivedFromId,
        OriginId = link.OriginId,
        Kind = link.Kind,
        DeclaredBy = link.DeclaredBy,
        Reuse = link.Reuse,
        Basis = link.Basis,
        Similarity = Math.Round(link.Similarity, 4),
        Containment = Math.Round(link.Containment, 4),
        SourceCoverage = Math.Round(link.SourceCoverage, 4),
        Evidence = [.. link.Evidence],
        Diff = link.Diff,
        ComputedAt = computedAt,
    };

    /// <summary>
    /// True when the two say the same: source, origin, kinds, figures, evidence and diff (compared as the JSON they are
    /// stored as). Anything else differing, even in a way that would not show, counts as a change and is written again.
    /// </summary>
    public static bool Same(RepublicationLink stored, RepublicationLink resolved) =>
        stored.RepublicationId == resolved.RepublicationId && stored.DerivedFromId == resolved.DerivedFromId
        && stored.OriginId == resolved.OriginId && stored.Kind == resolved.Kind && stored.DeclaredBy == resolved.DeclaredBy
        && stored.Reuse == resolved.Reuse && stored.Basis == resolved.Basis && stored.Similarity.Equals(resolved.Similarity)
        && stored.Containment.Equals(resolved.Containment) && stored.SourceCoverage.Equals(resolved.SourceCoverage)
        && Json(stored.Evidence) == Json(resolved.Evidence) && Json(stored.Diff) == Json(resolved.Diff);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}
