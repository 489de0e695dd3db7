using System.Security.Cryptography;
using System.Text;
using Archive.Engine;
using Archive.Engine.Decoding;
using Archive.Engine.Lineage;

namespace Archive.Bench.Lineage;

/// <summary>What the host does per upload, with the database simulated: extract, fingerprint, look candidates up by
/// index key, confirm each on the texts, and remember confirmed pairs. Families are the connected components of
/// confirmed pairs.</summary>
internal sealed class Pipeline
{
    private readonly PageProcessor _processor = new();
    private readonly Dictionary<long, List<int>> _keys = [];
    private readonly List<(int A, int B)> _confirmed = [];
    private readonly Dictionary<(Guid, Guid), TextComparison> _comparisons = [];
    private readonly Dictionary<Guid, HashSet<long>> _shingles = [];

    public List<LineageMember> Members { get; } = [];

    /// <summary>Signals to withhold, to see how much each mechanism carries: "dates", "evidence" (attributions, links,
    /// markup), "names" (publisher and site names).</summary>
    public HashSet<string> Ablations { get; init; } = [];

    private LineageMember Ablate(LineageMember member)
    {
        if (Ablations.Contains("dates"))
        {
            member = member with { PublishedAt = null, ModifiedAt = null };
        }
        if (Ablations.Contains("evidence"))
        {
            member = member with { Attributions = [], Links = [], CanonicalUrl = null, IsBasedOn = [] };
        }
        if (Ablations.Contains("names"))
        {
            member = member with { PublisherName = null, SiteName = null };
        }
        return member;
    }
    public int CandidatePairs { get; private set; }

    /// <summary>Candidates the confirm step turned down, to see how close the negatives come to the thresholds.</summary>
    public List<(string A, string B, TextComparison Comparison)> Rejected { get; } = [];
    public int ConfirmedPairs => _confirmed.Count;
    public int Families { get; private set; }
    public List<List<LineageMember>> FamilyMembers { get; private set; } = [];

    /// <summary>A page's member id: the set has no ids but URLs, so the id is derived from the URL (ties between members
    /// are broken by URL first, and a set's URLs are distinct, so the id never decides anything).</summary>
    public static Guid IdOf(string url) => new(SHA256.HashData(Encoding.UTF8.GetBytes(url)).AsSpan(0, 16));

    public void Add(string url, string html)
    {
        var page = _processor.Process(new DecodedHtml(html, "utf-8", CharsetSource.ContentType), new Uri(url));
        var member = Ablate(LineageMember.From(IdOf(url), url, page));
        var fingerprint = page.Fingerprint;
        var index = Members.Count;
        Members.Add(member);

        var shared = new Dictionary<int, int>();
        foreach (var key in fingerprint.IndexKeys)
        {
            if (_keys.TryGetValue(key, out var holders))
            {
                foreach (var holder in holders)
                {
                    shared[holder] = shared.GetValueOrDefault(holder) + 1;
                }
                holders.Add(index);
            }
            else
            {
                _keys[key] = [index];
            }
        }
        foreach (var (candidate, count) in shared)
        {
            if (count < Fingerprint.CandidateMinSharedKeys)
            {
                continue;
            }
            CandidatePairs++;
            var comparison = Compare(Members[candidate], member);
            if (LineageRules.IsSameStory(Members[candidate], member, comparison))
            {
                _confirmed.Add((candidate, index));
            }
            else
            {
                Rejected.Add((Members[candidate].Url, url, comparison));
            }
        }
    }

    public IReadOnlyList<LineageLink> Resolve()
    {
        var parent = Enumerable.Range(0, Members.Count).ToArray();
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        foreach (var (a, b) in _confirmed)
        {
            parent[Find(a)] = Find(b);
        }
        WithSiteTemplates();
        var families = Enumerable.Range(0, Members.Count).GroupBy(Find).Where(g => g.Count() > 1).ToList();
        Families = families.Count;
        FamilyMembers = [.. families.Select(f => f.Select(i => Members[i]).ToList())];
        return [.. families.SelectMany(f => LineageResolver.Resolve([.. f.Select(i => Members[i])], Compare))];
    }

    /// <summary>What the service reads from its site-paragraph index: each member's paragraphs that other pages of its
    /// site carry too.</summary>
    private void WithSiteTemplates()
    {
        var index = Members.Select(m => SiteParagraphs.IndexKeys(m.CanonicalText, m.PageText)).ToList();
        for (var i = 0; i < Members.Count; i++)
        {
            var site = Members[i].RegistrableDomain;
            var mine = SiteParagraphs.Keys(Members[i].CanonicalText);
            var elsewhere = Enumerable.Range(0, Members.Count)
                .Where(j => j != i && Members[j].RegistrableDomain == site)
                .SelectMany(j => index[j].Where(mine.Contains).Select(k => (k, j)));
            Members[i] = Members[i] with { SiteTemplate = SiteParagraphs.Template(mine, elsewhere) };
        }
    }

    private HashSet<long> Shingled(LineageMember member) =>
        _shingles.TryGetValue(member.Id, out var set) ? set : _shingles[member.Id] = Shingles.HashSet(member.CanonicalText);

    public TextComparison Compare(LineageMember a, LineageMember b)
    {
        if (_comparisons.TryGetValue((a.Id, b.Id), out var known))
        {
            return known;
        }
        if (_comparisons.TryGetValue((b.Id, a.Id), out var reverse))
        {
            return reverse.Swap();
        }
        var comparison = TextComparer.Measure(Shingled(a), Shingled(b));
        _comparisons[(a.Id, b.Id)] = comparison;
        return comparison;
    }
}
