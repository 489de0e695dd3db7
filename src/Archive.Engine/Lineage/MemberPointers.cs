using Archive.Engine.Urls;

namespace Archive.Engine.Lineage;

/// <summary>What evidence reads of a member's URLs, links, attribution lines and credits, worked out once per resolution
/// (<see cref="EvidenceCollector"/> compares every member of a family with every other, both ways, and read them again
/// for each pair).</summary>
internal sealed class MemberPointers
{
    private readonly LineageMember _member;
    private readonly string?[] _linkDomains;
    private readonly bool[] _linkDomainKnown;
    private string?[]? _linkTexts;

    public MemberPointers(LineageMember member)
    {
        _member = member;
        RegistrableDomain = member.RegistrableDomain;
        var own = new HashSet<string>(StringComparer.Ordinal) { UrlKey.Loose(member.Url) };
        // Its own canonical counts only when it stays on its site: a copy's canonical points at its origin, which must not
        // make the origin look like a pointer to the copy.
        if (!string.IsNullOrEmpty(member.CanonicalUrl)
            && Outlets.RegistrableDomain(Outlets.Host(member.CanonicalUrl)) == RegistrableDomain)
        {
            own.Add(UrlKey.Loose(member.CanonicalUrl));
        }
        own.Remove("");
        OwnUrls = own;
        LinkKeys = [.. member.Links.Select(l => UrlKey.Loose(l.Url))];
        LinkKeySet = LinkKeys.ToHashSet(StringComparer.Ordinal);
        AttributionLines = [.. member.Attributions.Select(a => Outlets.Fold(a.Text))];
        AttributionLineSet = AttributionLines.ToHashSet(StringComparer.Ordinal);
        WireCredits = EvidenceCollector.WireCredits(member);
        _linkDomains = new string?[LinkKeys.Length];
        _linkDomainKnown = new bool[LinkKeys.Length];
    }

    public string RegistrableDomain { get; }

    /// <summary>The URLs a pointer at this member may name: its own, and its canonical when that stays on its site.</summary>
    public HashSet<string> OwnUrls { get; }

    /// <summary><see cref="UrlKey.Loose"/> of each of its links, in order.</summary>
    public string[] LinkKeys { get; }

    public HashSet<string> LinkKeySet { get; }

    /// <summary><see cref="Outlets.Fold"/> of each of its attribution lines, in order.</summary>
    public string[] AttributionLines { get; }

    public HashSet<string> AttributionLineSet { get; }

    public HashSet<string> WireCredits { get; }

    /// <summary>The registrable domain of link <paramref name="i"/>'s host; null when it has no host.</summary>
    public string? LinkDomain(int i)
    {
        if (!_linkDomainKnown[i])
        {
            _linkDomains[i] = DomainOf(_member.Links[i].Url);
            _linkDomainKnown[i] = true;
        }
        return _linkDomains[i];
    }

    /// <summary><see cref="Outlets.Fold"/> of link <paramref name="i"/>'s text.</summary>
    public string LinkText(int i)
    {
        _linkTexts ??= new string?[LinkKeys.Length];
        return _linkTexts[i] ??= Outlets.Fold(_member.Links[i].Text);
    }

    public static string? DomainOf(string url) => Outlets.Host(url) is { Length: > 0 } host ? Outlets.RegistrableDomain(host) : null;
}
