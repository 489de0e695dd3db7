using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Archive.Engine;
using Archive.Engine.Decoding;
using Archive.Engine.Lineage;

namespace Archive.Bench.Lineage;

/// <summary>
/// The family path of a page uploaded a second time, as the service takes it: each real page (the load bench's pool) is
/// extracted at its own URL and again as a verbatim copy on another host, both shingled once (the candidate check did),
/// and the pair resolved as <c>LineageService</c> resolves a family. Prints the resolutions' CPU per pair, best of the
/// rounds, and, with an output file, writes every link as JSON, so two builds can be compared byte for byte.
/// </summary>
internal static class FamilyCost
{
    /// <param name="list">Lines of "page.html.gz TAB url".</param>
    public static void Run(string list, int rounds, string? outPath)
    {
        var processor = new PageProcessor();
        var pairs = new List<(LineageMember Source, LineageMember Copy)>();
        foreach (var line in File.ReadLines(list).Where(l => l.Contains('\t', StringComparison.Ordinal)))
        {
            var (path, url) = (line.Split('\t')[0], line.Split('\t')[1]);
            using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var reader = new StreamReader(gz);
            var html = new DecodedHtml(reader.ReadToEnd(), "utf-8", CharsetSource.ContentType);
            var copyUrl = $"https://copy.example/{pairs.Count}";
            var source = LineageMember.From(Pipeline.IdOf(url), url, processor.Process(html, new Uri(url)));
            var copy = LineageMember.From(Pipeline.IdOf(copyUrl), copyUrl, processor.Process(html, new Uri(copyUrl)));
            if (source.CanonicalText.Length > 0 && !LineageRules.SameHost(source, copy))
            {
                pairs.Add((source, copy));
            }
        }
        Dictionary<Guid, HashSet<long>> Shingled((LineageMember Source, LineageMember Copy) pair) => new()
        {
            [pair.Source.Id] = Shingles.HashSet(pair.Source.CanonicalText),
            [pair.Copy.Id] = Shingles.HashSet(pair.Copy.CanonicalText),
        };
        var shingles = pairs.Select(Shingled).ToList();
        if (outPath is not null)
        {
            using var output = File.CreateText(outPath);
            for (var i = 0; i < pairs.Count; i++)
            {
                var links = LineageResolver.Resolve([pairs[i].Source, pairs[i].Copy], shingles[i]);
                output.WriteLine(JsonSerializer.Serialize(links, JsonOptions.Indented));
            }
        }
        var chars = pairs.Sum(p => (long)p.Source.CanonicalText.Length);
        Console.WriteLine(FormattableString.Invariant($"{pairs.Count} pairs, {chars / pairs.Count} chars of text each on average"));
        for (var round = 0; round < rounds; round++)
        {
            var started = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < pairs.Count; i++)
            {
                LineageResolver.Resolve([pairs[i].Source, pairs[i].Copy], shingles[i]);
            }
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - started).TotalMilliseconds;
            Console.WriteLine(FormattableString.Invariant($"round {round}: {cpu:0} ms CPU, {cpu / pairs.Count:0.000} ms per family resolution"));
        }
    }
}
