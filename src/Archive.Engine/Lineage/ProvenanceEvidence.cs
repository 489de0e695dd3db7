using System.Globalization;

namespace Archive.Engine.Lineage;

/// <summary>The evidence of a link about its two pages' provenance: how each reached the archive, when the archive
/// first saw each text, the times that placed an undated page, and claims an observation outranked.</summary>
internal static class ProvenanceEvidence
{
    public static IEnumerable<LineageEvidence> Of(FamilyGraph family, int copy, int source)
    {
        var pages = new[] { (Side: EvidenceSides.Source, Member: family.Members[source]), (Side: EvidenceSides.Copy, Member: family.Members[copy]) };
        foreach (var (side, member) in pages)
        {
            var other = side == EvidenceSides.Copy ? family.Members[source] : family.Members[copy];
            var (basis, by) = EvidenceCollector.Of(member.Provenance);
            // A pair with both publish times has them in publishedEarlier/publishedLater.
            if (member.PublishedAt is { } published && other.PublishedAt is null)
            {
                yield return new LineageEvidence(EvidenceTypes.Published, Time(published), side, basis, by);
            }
            if (member.PublishedAt is null && member.ModifiedAt is { } modified)
            {
                yield return new LineageEvidence(EvidenceTypes.Modified, Time(modified), side, basis, by);
            }
            if (Captured(member.Provenance) is { } captured)
            {
                yield return new LineageEvidence(EvidenceTypes.Captured, captured, side, basis, by);
            }
            if (member.Provenance.FirstSeen is { } seen)
            {
                var detail = member.Provenance.FirstSeenLogIndex is { } index
                    ? string.Create(CultureInfo.InvariantCulture, $"{Time(seen)} (log index {index})")
                    : Time(seen);
                yield return new LineageEvidence(EvidenceTypes.FirstSeen, detail, side, EvidenceBasis.Observed, EvidenceBy.Archive);
            }
        }
        if (SetAside(family, copy, source) is { } setAside)
        {
            yield return setAside;
        }
    }

    /// <summary>When the copy claims a time before its source's observed one, and the order kept the observation.</summary>
    private static LineageEvidence? SetAside(FamilyGraph family, int copy, int source)
    {
        var c = family.Members[copy];
        var s = family.Members[source];
        // An undated source is known to have existed from when the archive first received its text.
        var (observed, what) = s.PublishedAt is { } own ? (own, "observed publication") : (s.Provenance.FirstSeen, "first receipt by the archive");
        if (!c.Provenance.IsClaim || s.Provenance.IsClaim || c.PublishedAt is not { } claimed || observed is not { } known
            || claimed >= known)
        {
            return null;
        }
        var seen = c.Provenance.FirstSeen is { } first ? $"; the archive first received the copy's text at {Time(first)}" : "";
        return new LineageEvidence(
            EvidenceTypes.ClaimSetAside,
            $"the copy claims publication at {Time(claimed)}, before the source's {what} at {Time(known)}; a claim does not outrank an observation{seen}",
            EvidenceSides.Copy,
            EvidenceBasis.Claimed,
            c.Provenance.By);
    }

    private static string? Captured(Provenance provenance) => provenance.CapturedAt is not { } at ? null
        : provenance.By == EvidenceBy.Worker ? $"fetched by the archive at {Time(at)}"
        : provenance.IsClaim ? $"uploaded, stating capture at {Time(at)}"
        : $"uploaded by a trusted key, capture at {Time(at)}";

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture);
}
