using Archive.Data;
using Archive.Engine;
using Archive.Engine.Decoding;
using Archive.Engine.Extraction;

/// <summary>
/// What one upload keeps alive while it waits, page by page over the load bench's bodies: the DOM the parse builds (alive
/// through extraction), the <see cref="ProcessedPage"/> ingest holds through store and lineage (its page string aside,
/// which the request holds anyway), its parts, and the compressed capture written in the store. Sizes are what a full
/// blocking collection finds alive with a group of pages held, against the same without: exact, not estimated.
/// </summary>
internal static class Holds
{
    private const int Group = 20;

    public static void Run(IReadOnlyList<string> pages)
    {
        var processor = new PageProcessor();
        var url = new Uri("https://holds.example/a");
        long dom = 0, processed = 0, page = 0, text = 0, html = 0, pageText = 0, canonical = 0, shingles = 0, compressed = 0, allocated = 0;
        var counted = 0;
        for (var first = 0; first + Group <= pages.Count; first += Group)
        {
            var group = pages.Skip(first).Take(Group).ToList();
            var held = new List<object>();
            var before = Live();
            foreach (var html0 in group)
            {
                try
                {
                    held.Add(HtmlParsing.Parse(html0));
                }
                catch (PageTooComplexException)
                {
                }
            }
            dom += Live() - before;
            held.Clear();
            before = Live();
            var results = new List<ProcessedPage>();
            var heldPages = new List<string>();
            foreach (var html0 in group)
            {
                var start = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    results.Add(processor.Process(new DecodedHtml(html0, "utf-8", CharsetSource.ContentType), url));
                    heldPages.Add(html0);
                }
                catch (PageTooComplexException)
                {
                    continue;
                }
                allocated += GC.GetAllocatedBytesForCurrentThread() - start;
            }
            processed += Live() - before;
            counted += results.Count;
            for (var i = 0; i < results.Count; i++)
            {
                var p = results[i];
                page += Chars(heldPages[i]);
                text += Chars(p.Article.Text);
                html += Chars(p.Article.Html);
                pageText += Chars(p.Article.PageText);
                canonical += Chars(p.CanonicalText);
                shingles += p.Shingles.Count;
                compressed += CapturedBytes.Compress(System.Text.Encoding.UTF8.GetBytes(heldPages[i])).Length;
            }
            GC.KeepAlive(results);
        }
        double KiB(long bytes) => bytes / 1024.0 / Math.Max(1, counted);
        Console.WriteLine($"{counted} pages, KiB a page (mean); load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"  page string                          {KiB(page),7:F0}  (the request's, on the large object heap)");
        Console.WriteLine($"  DOM after the parse                  {KiB(dom),7:F0}  (alive through extraction)");
        Console.WriteLine($"  ProcessedPage, its page string aside {KiB(processed),7:F0}  (alive through store and lineage)");
        Console.WriteLine($"    article text / html / page text    {KiB(text),7:F0} {KiB(html),5:F0} {KiB(pageText),5:F0}");
        Console.WriteLine($"    canonical text                     {KiB(canonical),7:F0}");
        Console.WriteLine($"    shingles                           {shingles / (double)Math.Max(1, counted),7:F0}  (a HashSet<long>, ~20 bytes each)");
        Console.WriteLine($"  compressed capture                   {KiB(compressed),7:F0}  (written in the store)");
        Console.WriteLine($"  allocated by the engine              {KiB(allocated),7:F0}");
    }

    private static long Chars(string s) => 2L * s.Length + 22;

    private static long Live()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetGCMemoryInfo(GCKind.FullBlocking).PromotedBytes;
    }
}
