using System.Globalization;
using System.IO.Compression;
using Archive.Engine.Decoding;
using Archive.Engine.Extraction;
using Archive.Engine.Extraction.Metadata;
using Archive.Engine.Extraction.Output;
using Archive.Engine.Extraction.Scoring;

namespace Archive.Train;

/// <summary>
/// <c>explain PAGE [MODEL]</c>: every block of one page with the model's probability and the archive's roles, then
/// what each reading gave — to see why a page's text came out as it did.
/// </summary>
internal static class Explain
{
    public static void Run(string path, string? modelPath)
    {
        using var file = File.OpenRead(path);
        using var stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var parsed = HtmlParsing.Parse(HtmlDecoder.Decode(memory.ToArray(), null).Html);
        var metadata = MetadataExtractor.Extract(parsed, PageSignals.Read(parsed.Document), null);
        if (parsed.Document.Body is null)
        {
            Console.WriteLine("no body");
            return;
        }
        if (Environment.GetEnvironmentVariable("FIND") is { Length: > 0 } find)
        {
            Ancestors(parsed.Document.Body, find);
        }
        var model = modelPath is null ? BlockModel.Default! : TreeEnsemble.Read(new StringReader(File.ReadAllText(modelPath)));
        var analysis = PageAnalysis.Analyze(parsed, metadata.Title, new LinkResolver(null));
        var probabilities = analysis.Features.Select(row => model.Probability(row)).ToArray();
        var (keep, confidence) = BlockSelection.Select(analysis.Lengths, analysis.Roles, probabilities, model.Threshold);
        for (var i = 0; i < analysis.Blocks.Count; i++)
        {
            var block = analysis.Blocks[i];
            var text = block.Text.Length > 110 ? block.Text[..110] + "…" : block.Text;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{i,4} {(keep[i] ? "KEEP" : "    ")} p={probabilities[i]:F2} {block.Kind,-12} <{block.Element?.LocalName}> {analysis.Roles[i]} | {text.ReplaceLineEndings(" ")}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"title: {metadata.Title}\nthreshold {model.Threshold}, confidence {confidence:F3}, kept {keep.Count(k => k)} of {keep.Length} blocks"));
        Console.WriteLine($"classic text: {analysis.Classic.Text.Length} chars; fallback: {ArticleExtractor.Fallback(parsed, analysis).Text.Length} chars");
    }

    // The parsed tree above the first text node holding FIND, as AngleSharp built it (before any cleaning).
    private static void Ancestors(AngleSharp.Dom.IElement body, string find)
    {
        AngleSharp.Dom.INode? node = null;
        var pending = new Stack<AngleSharp.Dom.INode>([body]);
        while (node is null && pending.Count > 0)
        {
            var next = pending.Pop();
            if (next is AngleSharp.Dom.IText text && text.Data.Contains(find, StringComparison.Ordinal))
            {
                node = next;
            }
            for (var i = next.ChildNodes.Length - 1; i >= 0; i--)
            {
                pending.Push(next.ChildNodes[i]);
            }
        }
        var chain = new List<AngleSharp.Dom.IElement>();
        for (var element = node?.ParentElement; element is not null; element = element.ParentElement)
        {
            chain.Add(element);
        }
        chain.Reverse();
        foreach (var element in chain)
        {
            var attributes = string.Join(' ', element.Attributes.Select(a => $"{a.Name}=\"{(a.Value.Length > 60 ? a.Value[..60] : a.Value)}\""));
            Console.WriteLine($"  <{element.LocalName} {attributes}>");
        }
        Console.WriteLine(node is null ? "FIND: not in the parsed body" : $"FIND: {chain.Count} elements deep");
    }
}
