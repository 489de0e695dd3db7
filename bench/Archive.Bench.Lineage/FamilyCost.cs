using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Archive.Engine;
using Archive.Engine.Decoding;
using Archive.Engine.Lineage;

namespace Archive.Bench.Lineage;

/// <summary>
/// The family path of a page's republications, as the service takes it, over the load bench's real pages: each page
/// extracted at its own URL and, as sets of families resolved one by one,
/// <list type="bullet">
/// <item>"verbatim": the page again as a verbatim copy on another host (extracted there: the same page, its own chrome);</item>
/// <item>"attributed", "commentary", "excerpt", "edited": a copy of that kind built on another page's template
/// (<see cref="Syndication"/>);</item>
/// <item>"families": every fourth page republished by 4 to 9 sites, copies of every kind and a copy of a copy.</item>
/// </list>
/// Every member is shingled once beforehand and the newest member's comparisons with the others made beforehand too (the
/// candidate check did both), and each family resolved as <c>LineageService</c> resolves one (<see cref="ServiceCall"/>).
/// Prints the resolutions' CPU per family per set and round and, with an output file, writes every link as JSON, so two
/// builds can be compared byte for byte.
/// </summary>
internal static class FamilyCost
{
    private const int FamilyEvery = 4;

    private static readonly string[] FamilyKinds = ["verbatim", "attributed", "commentary", "excerpt", "edited", "chain"];

    /// <param name="list">Lines of "page.html.gz TAB url".</param>
    /// <param name="only">The sets to time (all when null); every set is built and written to the output file.</param>
    public static void Run(string list, int rounds, string? outPath, IReadOnlySet<string>? only = null)
    {
        var processor = new PageProcessor();
        var pool = new List<LineageMember>();
        var verbatim = new List<Family>();
        foreach (var line in File.ReadLines(list).Where(l => l.Contains('\t', StringComparison.Ordinal)))
        {
            var (path, url) = (line.Split('\t')[0], line.Split('\t')[1]);
            using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var reader = new StreamReader(gz);
            var html = new DecodedHtml(reader.ReadToEnd(), "utf-8", CharsetSource.ContentType);
            var copyUrl = $"https://copy.example/{verbatim.Count}";
            var source = LineageMember.From(Pipeline.IdOf(url), url, processor.Process(html, new Uri(url)));
            var copy = LineageMember.From(Pipeline.IdOf(copyUrl), copyUrl, processor.Process(html, new Uri(copyUrl)));
            if (source.CanonicalText.Length > 0 && !LineageRules.SameHost(source, copy))
            {
                pool.Add(source);
                verbatim.Add(new Family([source, copy]));
            }
        }
        var sets = new List<(string Name, List<Family> Families)> { ("verbatim", verbatim) };
        foreach (var kind in Syndication.Kinds)
        {
            sets.Add((kind, [.. pool.Select((source, i) =>
                new Family([source, Syndication.Copy(pool, i, source, kind, $"https://{kind}.example/{i}", 0)]))]));
        }
        sets.Add(("families", [.. pool.Select((source, i) => (source, i)).Where(p => p.i % FamilyEvery == 0)
            .Select(p => new Family(Republished(pool, p.i, p.source)))]));

        if (outPath is not null)
        {
            using var output = File.CreateText(outPath);
            foreach (var (name, families) in sets)
            {
                foreach (var family in families)
                {
                    output.WriteLine($"== {name} {family.Members[0].Url}");
                    output.WriteLine(JsonSerializer.Serialize(ServiceCall.Resolve(family), JsonOptions.Indented));
                }
            }
        }
        foreach (var (name, families) in sets)
        {
            var links = families.Sum(f => ServiceCall.Resolve(f).Count);
            var chars = families.Sum(f => f.Members.Sum(m => (long)m.CanonicalText.Length)) / families.Sum(f => f.Members.Count);
            Console.WriteLine(FormattableString.Invariant(
                $"{name,-10} {families.Count,4} families of {(double)families.Sum(f => f.Members.Count) / families.Count:0.0} members, {chars,5} chars of text a member, {links,4} links"));
        }
        for (var round = 0; round < rounds; round++)
        {
            var line = new List<string>();
            foreach (var (name, families) in sets.Where(s => only is null || only.Contains(s.Name)))
            {
                var started = Process.GetCurrentProcess().TotalProcessorTime;
                foreach (var family in families)
                {
                    ServiceCall.Resolve(family);
                }
                var cpu = (Process.GetCurrentProcess().TotalProcessorTime - started).TotalMilliseconds;
                line.Add(FormattableString.Invariant($"{name} {cpu / families.Count:0.000}"));
            }
            Console.WriteLine($"round {round}: ms of CPU per family resolution: {string.Join(", ", line)}");
        }
    }

    /// <summary>A story republished by 4 to 9 other sites: copies of every kind, in an order seeded by the page, a copy of
    /// a copy crediting an earlier edited or commentary copy (a plain credited copy when there is none yet).</summary>
    private static List<LineageMember> Republished(List<LineageMember> pool, int index, LineageMember source)
    {
        var random = new Random(index);
        var members = new List<LineageMember> { source };
        var count = 5 + random.Next(6);
        var derived = new List<LineageMember>();
        for (var k = 1; k < count; k++)
        {
            var kind = FamilyKinds[random.Next(FamilyKinds.Length)];
            var url = $"https://site{k}.example/{index}";
            var copy = kind == "chain" && derived.Count > 0
                ? Syndication.Chain(pool, index, derived[random.Next(derived.Count)], url, k)
                : Syndication.Copy(pool, index, source, kind == "chain" ? "attributed" : kind, url, k);
            if (kind is "edited" or "commentary")
            {
                derived.Add(copy);
            }
            members.Add(copy);
        }
        return members;
    }
}

/// <summary>A family as the service holds it when it resolves one: every member's shingles, and the newest member's
/// comparisons with the others (its candidate check's), made beforehand.</summary>
internal sealed class Family
{
    public Family(List<LineageMember> members)
    {
        Members = members;
        Shingles = members.ToDictionary(m => m.Id, m => Archive.Engine.Lineage.Shingles.HashSet(m.CanonicalText));
        var newest = members[^1];
        Measured = members.Take(members.Count - 1).Where(m => !LineageRules.SameHost(m, newest))
            .ToDictionary(m => (m.Id, newest.Id), m => TextComparer.Measure(Shingles[m.Id], Shingles[newest.Id]));
    }

    public List<LineageMember> Members { get; }

    public Dictionary<Guid, HashSet<long>> Shingles { get; }

    public Dictionary<(Guid A, Guid B), TextComparison> Measured { get; }
}
