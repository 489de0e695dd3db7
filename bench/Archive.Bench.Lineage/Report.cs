using System.Text;
using Archive.Engine;
using Archive.Engine.Lineage;

namespace Archive.Bench.Lineage;

/// <summary>A human-readable account of every link and family, for finding out why a prediction went wrong.</summary>
internal static class Report
{
    public static string Write(Pipeline pipeline, IReadOnlyList<LineageLink> links)
    {
        var byId = pipeline.Members.ToDictionary(m => m.Id);
        var text = new StringBuilder();
        foreach (var link in links)
        {
            text.AppendLine(byId[link.RepublicationId].Url)
                .AppendLine($"  from {byId[link.DerivedFromId].Url}")
                .AppendLine($"  origin {byId[link.OriginId].Url}")
                .AppendLine($"  kind {EnumText.Of(link.Kind)} ({EnumText.Of(link.DeclaredBy)}/{EnumText.Of(link.Reuse)}) sim {link.Similarity:0.00} cont {link.Containment:0.00} cov {link.SourceCoverage:0.00}");
            foreach (var evidence in link.Evidence)
            {
                text.AppendLine($"    {evidence.Type}: {evidence.Detail}");
            }
            text.AppendLine($"    added {link.Diff.Added.Count}, dropped {link.Diff.Dropped.Count}, edited {link.Diff.Edited.Count}, moved {link.Diff.Moved.Count}");
        }
        foreach (var family in pipeline.FamilyMembers)
        {
            text.AppendLine().AppendLine("FAMILY");
            foreach (var member in family.OrderBy(m => m.PublishedAt))
            {
                text.AppendLine($"  {member.PublishedAt:u} {member.Url} [{member.SiteName} | {member.PublisherName}] {Shingles.Tokenize(member.CanonicalText).Count} words");
                foreach (var other in family.Where(o => o != member))
                {
                    var evidence = EvidenceCollector.Collect(member, other);
                    var c = pipeline.Compare(member, other);
                    text.AppendLine($"      ~ {Short(other.Url)} shared {c.SharedShingles} sim {c.Similarity:0.00} in-other {c.ContainmentOfAInB:0.00} other-in {c.ContainmentOfBInA:0.00} strength {evidence.Strength}");
                    foreach (var item in evidence.Items.Where(_ => evidence.Strength > 0))
                    {
                        text.AppendLine($"        {item.Type}: {item.Detail}");
                    }
                }
            }
        }
        return text.ToString();
    }

    private static string Short(string url) => url.Length <= 70 ? url : url[..70];
}
