using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Archive.Engine;
using Archive.Engine.Lineage;

namespace Archive.Bench.Lineage;

/// <summary>
/// Long near-identical pairs on two hosts, built from real texts: A is the canonical texts of real pages joined until it
/// reaches a length, B is A edited one way (paragraphs reworded or cut, pairs swapped, commentary added, every paragraph or
/// every other one reworded). Prints the diff's and the resolution's CPU per pair and, with an output file, writes every
/// resolution and both diffs as JSON, so two builds can be compared byte for byte.
/// </summary>
internal static class LongPairs
{
    public static readonly string[] Variants = ["edit", "shuffle", "commentary", "all", "half"];

    public static void Run(IReadOnlyList<string> pages, int chars, string? outPath)
    {
        var paragraphs = Paragraphs(pages, chars);
        foreach (var variant in Variants)
        {
            var a = Member("https://www.one.example/long", string.Join('\n', paragraphs));
            var b = Member("https://news.two.example/long", string.Join('\n', Edit(paragraphs, variant)));
            if (outPath is not null)
            {
                var result = new
                {
                    Links = LineageResolver.Resolve([a, b]),
                    AB = TextComparer.Compare(a.CanonicalText, b.CanonicalText),
                    BA = TextComparer.Compare(b.CanonicalText, a.CanonicalText),
                };
                File.AppendAllText(outPath, $"== {variant} {chars}\n{JsonSerializer.Serialize(result, JsonOptions.Indented)}\n");
            }
            var diff = Cpu(() => TextComparer.Diff(a.CanonicalText, b.CanonicalText));
            var resolve = Cpu(() => LineageResolver.Resolve([a, b]));
            Console.WriteLine(FormattableString.Invariant(
                $"{variant,-10} A {a.CanonicalText.Length,7} chars {paragraphs.Count,5} paragraphs: diff {diff,6:0.0} ms, resolve {resolve,6:0.0} ms CPU (best of 3)"));
        }
    }

    private static List<string> Paragraphs(IReadOnlyList<string> pages, int chars)
    {
        var processor = new PageProcessor();
        var text = new StringBuilder();
        foreach (var path in pages.TakeWhile(_ => text.Length < chars))
        {
            using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var bytes = new MemoryStream();
            gz.CopyTo(bytes);
            var page = processor.Process(bytes.ToArray(), "text/html; charset=utf-8", new Uri("https://source.example/page"));
            text.Append(page.CanonicalText).Append('\n');
        }
        return [.. text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static List<string> Edit(List<string> paragraphs, string variant)
    {
        static string Reword(string p) => p.Replace(" the ", " a ", StringComparison.Ordinal).Replace(" and ", " & ", StringComparison.Ordinal);
        var b = new List<string>();
        for (var i = 0; i < paragraphs.Count; i++)
        {
            var p = paragraphs[i];
            switch (variant)
            {
                case "edit" when i % 17 == 5: b.Add(Reword(p)); break;
                case "edit" when i % 29 == 3: break;
                case "shuffle" when i % 3 == 0 && i + 1 < paragraphs.Count: b.Add(paragraphs[i + 1]); b.Add(p); i++; break;
                case "all": b.Add(Reword(p)); break;
                case "half" when i % 2 == 0: b.Add(Reword(p)); break;
                default: b.Add(p); break;
            }
        }
        if (variant == "commentary")
        {
            b.Insert(0, "Our view: this long document deserves a careful reading by everyone who cares about it.");
            b.Add("Commentary by the editors, who added their own notes on what the text above means for readers.");
        }
        return b;
    }

    private static double Cpu(Action action)
    {
        var best = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var started = Process.GetCurrentProcess().TotalProcessorTime;
            action();
            best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - started).TotalMilliseconds);
        }
        return best;
    }

    private static LineageMember Member(string url, string text) =>
        new() { Id = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(url)).AsSpan(0, 16)), Url = url, CanonicalText = text };
}
