using Archive.Engine.Lineage;

namespace Archive.Bench.Lineage;

/// <summary>The resolution as <c>LineageService.RelinkAsync</c> calls it: with the members' shingles and the newest member's
/// comparisons, which the candidate check made.</summary>
internal static class ServiceCall
{
    public static IReadOnlyList<LineageLink> Resolve(Family family) => LineageResolver.Resolve(family.Members, family.Shingles, family.Measured);
}
