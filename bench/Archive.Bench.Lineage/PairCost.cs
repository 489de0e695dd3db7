using System.Diagnostics;
using System.Text.Json;
using Archive.Engine;
using Archive.Engine.Decoding;
using Archive.Engine.Lineage;

namespace Archive.Bench.Lineage;

/// <summary>
/// One family of two uploads, resolved as the service resolves a family: each body (the load bench's JSON, {url, html})
/// is extracted, both are shingled once, and the pair is resolved; prints each piece's CPU and allocations, best of the
/// rounds, so a small family that costs far more than its texts' length says where.
/// </summary>
internal static class PairCost
{
    public static void Run(string first, string second, int rounds)
    {
        var processor = new PageProcessor();
        LineageMember Member(string path)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var url = doc.RootElement.GetProperty("url").GetString()!;
            var html = new DecodedHtml(doc.RootElement.GetProperty("html").GetString()!, "utf-8", CharsetSource.ContentType);
            return LineageMember.From(Pipeline.IdOf(url), url, processor.Process(html, new Uri(url)));
        }
        var a = Member(first);
        var b = Member(second);
        Console.WriteLine(FormattableString.Invariant(
            $"{a.Url}: {a.CanonicalText.Length} chars of text, {a.PageText.Length} of page text, {a.Links.Count} links, {a.Attributions.Count} attributions"));
        Console.WriteLine(FormattableString.Invariant(
            $"{b.Url}: {b.CanonicalText.Length} chars of text, {b.PageText.Length} of page text, {b.Links.Count} links, {b.Attributions.Count} attributions"));
        var links = LineageResolver.Resolve([a, b]);
        Console.WriteLine(FormattableString.Invariant($"links {links.Count}, json {JsonSerializer.Serialize(links, JsonOptions.Indented).Length} chars"));
        for (var round = 0; round < rounds; round++)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            LineageResolver.Resolve([a, b]);
            var resolve = watch.Elapsed.TotalMilliseconds;
            var resolveBytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
            allocated = GC.GetAllocatedBytesForCurrentThread();
            watch.Restart();
            TextComparer.Diff(a.CanonicalText, b.CanonicalText);
            var diff = watch.Elapsed.TotalMilliseconds;
            var diffBytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
            allocated = GC.GetAllocatedBytesForCurrentThread();
            watch.Restart();
            EvidenceCollector.Collect(a, b);
            EvidenceCollector.Collect(b, a);
            var evidence = watch.Elapsed.TotalMilliseconds;
            var evidenceBytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Console.WriteLine(FormattableString.Invariant(
                $"round {round}: resolve {resolve:0.0} ms {resolveBytes / 1e6:0.00} MB; diff {diff:0.0} ms {diffBytes / 1e6:0.00} MB; evidence both ways {evidence:0.0} ms {evidenceBytes / 1e6:0.00} MB"));
        }
    }
}
