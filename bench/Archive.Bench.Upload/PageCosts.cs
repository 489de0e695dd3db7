using System.Globalization;
using System.IO.Compression;
using AngleSharp.Dom;
using Archive.Engine;
using Archive.Engine.Decoding;
using Archive.Engine.Extraction;
using Archive.Engine.Extraction.Nesting;

/// <summary>`costs` mode: each page's extraction CPU beside its shape, a TSV row a page, to see whether the cost grows with
/// the page faster than linearly and which pages (of which class) cost most per KiB. Each piece is the least of PASSES
/// timed runs in the thread's CPU time (after one untimed run), so other processes' load and one-off collections
/// fall out. The pages are those `archive extract` reads (pages.txt), decoded as it decodes them.</summary>
internal static class PageCosts
{
    public static void Run(string pagesList, string output, int passes)
    {
        var paths = File.ReadAllLines(pagesList).Where(p => p.Length > 0).ToArray();
        var pages = paths.Select(p => HtmlDecoder.Decode(Read(p), null)).ToArray();
        var processor = new PageProcessor();
        var limits = ExtractionLimits.Default;
        var best = new double[pages.Length, 4];
        var allocated = new long[pages.Length];
        var pauseBefore = GC.GetTotalPauseDuration();
        var cpuBefore = Clock.Now();
        // Each page is extracted 1 + PASSES times in a row (the first untimed), so what the process-wide verdict caches
        // hold from other pages does not decide a page's figure: the figures are of a page whose repeated names and lines
        // are known, the cost of its own markup and text.
        for (var i = 0; i < pages.Length; i++)
        {
            var html = pages[i].Html;
            for (var pass = 0; pass <= passes; pass++)
            {
                var t0 = Clock.Now();
                var (filtered, _) = HtmlPrefilter.Filter(html);
                var t1 = Clock.Now();
                _ = NestingLimiter.Limit(filtered, limits, out _);
                var t2 = Clock.Now();
                _ = HtmlParsing.Parse(html, limits);
                var t3 = Clock.Now();
                var bytes = GC.GetAllocatedBytesForCurrentThread();
                _ = processor.Process(pages[i], null);
                var t4 = Clock.Now();
                allocated[i] = GC.GetAllocatedBytesForCurrentThread() - bytes;
                if (pass == 0)
                {
                    continue;
                }
                double[] took = [t1 - t0, t2 - t1, t3 - t2, t4 - t3];
                for (var k = 0; k < took.Length; k++)
                {
                    best[i, k] = pass == 1 ? took[k] : Math.Min(best[i, k], took[k]);
                }
            }
        }
        var cpu = Clock.Now() - cpuBefore;
        var paused = (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds;
        using var writer = new StreamWriter(output);
        writer.WriteLine("page\tkib\tchars\tfiltered\telements\tdepth\ttext\tlongest_text\tanchors\ttables\tsvg\tlist_items\tmax_children\tattrs\t"
            + "prefilter_ms\tlimiter_ms\tparse_ms\tprocess_ms\tprocess_kib");
        for (var i = 0; i < pages.Length; i++)
        {
            var html = pages[i].Html;
            var (filtered, _) = HtmlPrefilter.Filter(html);
            var shape = Shape.Of(HtmlParsing.Parse(html, limits).Document);
            writer.WriteLine(string.Join('\t', [
                Path.GetFileName(paths[i]).Split('.')[0],
                (System.Text.Encoding.UTF8.GetByteCount(html) / 1024.0).ToString("F1", CultureInfo.InvariantCulture),
                html.Length.ToString(CultureInfo.InvariantCulture),
                filtered.Length.ToString(CultureInfo.InvariantCulture),
                .. shape.Select(v => v.ToString(CultureInfo.InvariantCulture)),
                .. Enumerable.Range(0, 4).Select(k => best[i, k].ToString("F3", CultureInfo.InvariantCulture)),
                (allocated[i] / 1024).ToString(CultureInfo.InvariantCulture),
            ]));
        }
        Console.WriteLine($"{pages.Length} pages, least of {passes} timed runs each; the whole loop {cpu:F0} ms of thread CPU, "
            + $"GC pauses {paused:F0} ms, {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections of gen 0/1/2; "
            + $"load {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static byte[] Read(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return File.ReadAllBytes(path);
        }
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static class Shape
    {
        /// <summary>elements, depth, text chars, longest text node, anchors, tables, svg elements (inside svg too), list
        /// items, most element children of one element, attributes.</summary>
        public static long[] Of(IDocument document)
        {
            long elements = 0, text = 0, longest = 0, anchors = 0, tables = 0, svg = 0, items = 0, widest = 0, attrs = 0;
            var stack = new Stack<(INode Node, bool InSvg)>();
            stack.Push((document, false));
            while (stack.Count > 0)
            {
                var (node, inSvg) = stack.Pop();
                if (node is IElement element)
                {
                    elements++;
                    attrs += element.Attributes.Length;
                    var name = element.LocalName;
                    anchors += name == "a" ? 1 : 0;
                    tables += name == "table" ? 1 : 0;
                    items += name == "li" ? 1 : 0;
                    inSvg |= name == "svg";
                    svg += inSvg ? 1 : 0;
                    widest = Math.Max(widest, element.ChildElementCount);
                }
                else if (node.NodeType == NodeType.Text)
                {
                    text += node.TextContent.Length;
                    longest = Math.Max(longest, node.TextContent.Length);
                }
                for (var child = node.FirstChild; child is not null; child = child.NextSibling)
                {
                    stack.Push((child, inSvg));
                }
            }
            return [elements, DocumentDepth.Of(document), text, longest, anchors, tables, svg, items, widest, attrs];
        }
    }
}
