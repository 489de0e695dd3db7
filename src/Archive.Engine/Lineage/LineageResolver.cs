namespace Archive.Engine.Lineage;

/// <summary>
/// Decides, for a set of members, which are republications of which: the origin of each story, each copy's parent,
/// the kind of reuse and the evidence. The result depends only on the set of members, never on their order: members
/// are first sorted by URL and id, and every later choice breaks ties on that order.
/// </summary>
public static class LineageResolver
{
    /// <summary>Resolves with <see cref="TextComparer.Measure"/> on the members' canonical texts.</summary>
    public static IReadOnlyList<LineageLink> Resolve(IReadOnlyList<LineageMember> members) =>
        Resolve(members, new Dictionary<Guid, HashSet<long>>());

    /// <summary>Resolves with <see cref="TextComparer.Measure"/> on the members' canonical texts, taking a member's shingles
    /// (<see cref="Shingles.HashSet"/> of its canonical text) from <paramref name="shingles"/> where the caller has them
    /// already, and adding those it computes: a caller that compared the members before (lineage's candidate check) does
    /// not shingle them again. The caller keeps one text per id in it.</summary>
    public static IReadOnlyList<LineageLink> Resolve(IReadOnlyList<LineageMember> members, IDictionary<Guid, HashSet<long>> shingles) =>
        Resolve(members, shingles, new Dictionary<(Guid, Guid), TextComparison>());

    /// <summary>As <see cref="Resolve(IReadOnlyList{LineageMember}, IDictionary{Guid, HashSet{long}})"/>, taking the
    /// comparisons the caller made already from <paramref name="measured"/>: <see cref="TextComparer.Measure"/> of A's and
    /// B's shingles under (A's id, B's id), as lineage's candidate check compares an arriving article with each candidate.
    /// A pair found there either way round is not compared again (the other way round is its <see cref="TextComparison.Swap"/>).</summary>
    public static IReadOnlyList<LineageLink> Resolve(IReadOnlyList<LineageMember> members, IDictionary<Guid, HashSet<long>> shingles,
        IReadOnlyDictionary<(Guid A, Guid B), TextComparison> measured)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(shingles);
        ArgumentNullException.ThrowIfNull(measured);
        HashSet<long> Of(LineageMember m) =>
            shingles.TryGetValue(m.Id, out var set) ? set : shingles[m.Id] = Shingles.HashSet(m.CanonicalText);
        TextComparison Compare(LineageMember a, LineageMember b) =>
            measured.TryGetValue((a.Id, b.Id), out var ab) ? ab
            : measured.TryGetValue((b.Id, a.Id), out var ba) ? ba.Swap()
            : TextComparer.Measure(Of(a), Of(b));
        return Resolve(members, Compare, Of);
    }

    /// <param name="members">A family (or any set) of members; members that are the same story as no other member
    /// produce no link, and several unrelated stories may be passed at once.</param>
    /// <param name="compare">Compares A with B (A's text first); called once per unordered pair. Only the figures are
    /// used (<see cref="TextComparer.Measure"/> is enough): each link's diff is computed here, for its two texts.</param>
    public static IReadOnlyList<LineageLink> Resolve(
        IReadOnlyList<LineageMember> members, Func<LineageMember, LineageMember, TextComparison> compare) =>
        Resolve(members, compare, m => Shingles.HashSet(m.CanonicalText));

    private static IReadOnlyList<LineageLink> Resolve(IReadOnlyList<LineageMember> members,
        Func<LineageMember, LineageMember, TextComparison> compare, Func<LineageMember, HashSet<long>> shingles)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(compare);
        var sorted = members
            .OrderBy(m => m.Url, StringComparer.Ordinal)
            // Ids order only members that share a URL, which the archive never passes (an article is its URL).
            .ThenBy(m => m.Id)
            .DistinctBy(m => m.Id)
            .ToList();
        var family = new FamilyGraph(sorted, compare, shingles);
        var links = new List<LineageLink>();
        foreach (var component in family.Components())
        {
            links.AddRange(ResolveComponent(family, component));
        }
        return [.. links.OrderBy(l => sorted.FindIndex(m => m.Id == l.RepublicationId))];
    }

    private static List<LineageLink> ResolveComponent(FamilyGraph family, List<int> component)
    {
        var order = family.SourceFirstOrder(component);
        var parent = new Dictionary<int, int>();
        for (var k = 1; k < order.Count; k++)
        {
            var member = order[k];
            var candidates = order.Take(k)
                .Where(p => family.SameStory(member, p))
                .Select(p => new Candidate(p, family.Evidence(member, p), family.Explained(member, p)))
                .Where(c => c.Evidence.Strength >= EvidenceStrength.Name || !c.Evidence.SharedWireCredit)
                .ToList();
            var best = ChooseSource(candidates);
            if (best is { } source)
            {
                parent[member] = source;
            }
        }

        var links = new List<LineageLink>();
        foreach (var (member, source) in parent)
        {
            var origin = source;
            while (parent.TryGetValue(origin, out var up))
            {
                origin = up;
            }
            links.Add(Link(family, member, source, origin));
        }
        return links;
    }

    /// <summary>
    /// The copy's own pointer (markup, attribution, link) wins. Without one, the source is the member that explains
    /// most of the copy's text, and among those that explain about as much, the one earliest in source order: a plain
    /// copy of an origin explains no more from a later copy of it, while a copy of an edited copy shares the edits.
    /// </summary>
    private static int? ChooseSource(List<Candidate> candidates)
    {
        var pointed = candidates
            .Where(c => c.Evidence.Strength >= EvidenceStrength.Name)
            .OrderByDescending(c => c.Evidence.Strength)
            .ThenByDescending(c => c.Shared)
            .FirstOrDefault();
        if (pointed is not null)
        {
            return pointed.Index;
        }
        if (candidates.Count == 0)
        {
            return null;
        }
        var most = candidates.Max(c => c.Shared);
        var tolerance = Math.Max(LineageRules.MinSharedShingles, (int)(most * LineageRules.SharedShinglesToleranceShare));
        return candidates.First(c => c.Shared >= most - tolerance).Index;
    }

    /// <param name="Index">The member's place in the sorted list; candidates arrive in source order.</param>
    private sealed record Candidate(int Index, PairEvidence Evidence, int Shared);

    private static LineageLink Link(FamilyGraph family, int member, int source, int origin)
    {
        var comparison = family.Comparison(source, member);
        var evidence = family.Evidence(member, source);
        var copy = family.Members[member];
        var from = family.Members[source];
        var (sourceText, copyText) = (family.Text(source), family.Text(member));
        var diff = TextComparer.Diff(from.CanonicalText, copy.CanonicalText, null, family.Paragraph);
        var reuse = ReuseClassifier.Classify(sourceText, copyText, diff, evidence);
        var declaredBy = DeclarationOf(evidence);
        var items = evidence.Items
            .Concat(ProvenanceEvidence.Of(family, member, source))
            .Append(reuse.Evidence())
            .Append(new LineageEvidence(
                EvidenceTypes.Text,
                FormattableString.Invariant(
                    $"similarity {comparison.Similarity:0.000}, {comparison.ContainmentOfBInA:0.000} of the copy in the source, {comparison.ContainmentOfAInB:0.000} of the source in the copy, {comparison.SharedShingles} shared shingles")));
        var basis = copy.Provenance.IsClaim || from.Provenance.IsClaim ? EvidenceBasis.Claimed : EvidenceBasis.Observed;
        return new LineageLink(
            copy.Id,
            from.Id,
            family.Members[origin].Id,
            LineageKinds.Of(declaredBy, reuse.Reuse),
            comparison.Similarity,
            comparison.ContainmentOfBInA,
            comparison.ContainmentOfAInB,
            [.. items],
            diff,
            declaredBy,
            reuse.Reuse,
            basis);
    }

    /// <summary>Markup outranks a visible credit: it names the exact page, for machines.</summary>
    private static LineageDeclaration DeclarationOf(PairEvidence evidence) =>
        evidence.Items.Any(e => e.Type is EvidenceTypes.Canonical or EvidenceTypes.IsBasedOn) ? LineageDeclaration.Markup
        : evidence.Strength >= EvidenceStrength.Name ? LineageDeclaration.Attribution
        : LineageDeclaration.None;
}
