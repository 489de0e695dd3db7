using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Archive.Transparency.Json;

namespace Archive.Transparency.Entries;

/// <summary>
/// The log entries of one lineage decision: a family re-resolved, with every affected article and, for each republication,
/// the article it was taken from, the story's origin, the kind, the figures and the evidence. A decision too large for one
/// entry (tlog-tiles entry bundles carry at most 65,535 bytes per entry) is split into parts, each article in exactly one.
/// </summary>
public static class LineageEntry
{
    public const string Type = "lineage";
    /// <summary>Room left under the 65,535-byte entry limit for the part's own fields.</summary>
    public const int MaxBytes = 60_000;

    public sealed record Member(Guid Article, Guid? DerivedFrom = null, Guid? Origin = null, string? Kind = null, double? Similarity = null,
        double? Containment = null, double? SourceCoverage = null, JsonNode? Evidence = null);

    /// <summary>One or more entries; <paramref name="members"/> in any order (they are sorted by article id).</summary>
    public static IReadOnlyList<(byte[] Entry, IReadOnlyList<Guid> Articles)> Build(Guid decision, DateTimeOffset decidedAt,
        IEnumerable<Member> members)
    {
        var items = members.OrderBy(m => m.Article.ToString(), StringComparer.Ordinal).Select(ToJson).ToList();
        var parts = new List<List<(Guid Article, JsonObject Item, int Size)>> { new() };
        var used = 0;
        foreach (var (article, item) in items)
        {
            var size = CanonicalJson.Serialize(item).Length + 1;
            if (parts[^1].Count > 0 && used + size > MaxBytes)
            {
                parts.Add([]);
                used = 0;
            }
            parts[^1].Add((article, item, size));
            used += size;
        }
        return parts.Select((part, i) => (CanonicalJson.Serialize(new JsonObject
        {
            ["type"] = Type,
            ["decision"] = decision.ToString(),
            ["decidedAt"] = EntryTimes.Format(decidedAt),
            ["part"] = i + 1,
            ["parts"] = parts.Count,
            ["members"] = new JsonArray([.. part.Select(p => (JsonNode)p.Item)]),
        }), (IReadOnlyList<Guid>)[.. part.Select(p => p.Article)])).ToList();
    }

    /// <summary>A member as it appears in an entry (and as verification rebuilds it from stored links).</summary>
    public static (Guid Article, JsonObject Item) ToJson(Member member)
    {
        var item = new JsonObject { ["article"] = member.Article.ToString() };
        if (member.DerivedFrom is { } derivedFrom)
        {
            item["derivedFrom"] = derivedFrom.ToString();
            item["origin"] = member.Origin?.ToString();
            item["kind"] = member.Kind;
            item["similarity"] = member.Similarity;
            item["containment"] = member.Containment;
            item["sourceCoverage"] = member.SourceCoverage;
            item["evidence"] = member.Evidence?.DeepClone() ?? new JsonArray();
            if (CanonicalJson.Serialize(item).Length > MaxBytes)
            {
                // Evidence this large cannot travel in a tile entry: the entry commits to its hash instead.
                var evidence = CanonicalJson.Serialize(item["evidence"]!);
                item.Remove("evidence");
                item["evidenceHash"] = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(evidence));
            }
        }
        return (member.Article, item);
    }
}
