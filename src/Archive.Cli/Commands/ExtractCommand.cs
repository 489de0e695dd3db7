using System.CommandLine;
using System.Diagnostics;
using Archive.Engine;
using Archive.Engine.Decoding;
using Archive.Engine.Extraction;
using Archive.Engine.Text;

namespace Archive.Cli.Commands;

/// <summary><c>archive extract PATH… [--format benchmark|jsonl] [--timings]</c>: runs the engine over saved pages, offline.</summary>
internal static class ExtractCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Files (.html, .html.gz) or folders holding them.",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string>("--format")
        {
            Description = "benchmark: one JSON object keyed by page id; jsonl: one full result per line.",
            DefaultValueFactory = _ => "jsonl",
        };
        format.AcceptOnlyFromAmong("benchmark", "jsonl");
        var timings = new Option<bool>("--timings") { Description = "Print extraction time per page (after warm-up) to stderr." };
        var command = new Command("extract", "Extract article text and metadata from saved HTML pages.") { paths, format, timings };
        command.SetAction(parseResult => Run(parseResult.GetValue(paths)!, parseResult.GetValue(format)!, parseResult.GetValue(timings)));
        return command;
    }

    // One bad page (unreadable, not gzip, or failing to extract) must not sink a batch: report it on stderr and emit an
    // empty article flagged no-article-text in its place. Pages go through the engine's one entry, as ingest's do, so the
    // content hash printed is the one the archive would give the page.
    private static Processed ExtractOne(PageProcessor processor, PageFile page, Timing extracting)
    {
        try
        {
            using var decoded = HtmlDecoder.DecodePooled(page.ReadBytes(), null);
            extracting.Start();
            try
            {
                var processed = processor.Process(decoded, null);
                return new Processed(processed.Article, processed.ContentHash);
            }
            finally
            {
                extracting.Stop();
            }
        }
#pragma warning disable CA1031 // the batch reports any failure per page and carries on
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Console.Error.WriteLine($"{page.Path}: {exception.GetType().Name}: {exception.Message}");
            var empty = new ExtractedArticle(string.Empty, string.Empty, new ArticleMetadata(), [], [])
            {
                Warnings = ExtractionWarnings.For(string.Empty),
            };
            return new Processed(empty, null);
        }
    }

    private sealed record Processed(ExtractedArticle Article, ContentHash? ContentHash);

    /// <summary>Wall time and bytes allocated inside the engine: the allocations are what the service's uploads are compared
    /// with (an upload allocates more than its page's extraction; docs/performance.md).</summary>
    private sealed class Timing
    {
        private long _startedAllocated;

        public Stopwatch Wall { get; } = new();

        public long Allocated { get; private set; }

        public void Start()
        {
            _startedAllocated = GC.GetAllocatedBytesForCurrentThread();
            Wall.Start();
        }

        public void Stop()
        {
            Wall.Stop();
            Allocated += GC.GetAllocatedBytesForCurrentThread() - _startedAllocated;
        }
    }

    // Pages are read, extracted and written one at a time, so memory stays that of the largest page, not of the batch.
    private static int Run(string[] paths, string format, bool timings)
    {
        var pages = PageFiles.Find(paths);
        if (pages.Count == 0)
        {
            Console.Error.WriteLine("No .html or .html.gz files found.");
            return 2;
        }
        var processor = new PageProcessor();
        if (timings)
        {
            // One untimed pass warms the JIT and caches, so the figure is steady-state extraction cost.
            foreach (var page in pages)
            {
                ExtractOne(processor, page, new Timing());
            }
        }
        var extracting = new Timing();
        IEnumerable<(string Id, string Path, Processed Page)> Results()
        {
            foreach (var page in pages)
            {
                yield return (page.Id, page.Path, ExtractOne(processor, page, extracting));
            }
        }
        using (var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16))
        {
            if (format == "benchmark")
            {
                ExtractOutput.WriteBenchmark(stdout, Results().Select(r => (r.Id, r.Page.Article)));
            }
            else
            {
                ExtractOutput.WriteJsonLines(stdout, Results().Select(r => (r.Id, r.Path, r.Page.ContentHash, r.Page.Article)));
            }
        }
        if (timings)
        {
            Console.Error.WriteLine(
                $"extracted {pages.Count} pages in {extracting.Wall.Elapsed.TotalMilliseconds:F0} ms warm, "
                + $"{extracting.Allocated / 1024.0 / pages.Count:F0} KiB allocated/page "
                + $"({extracting.Wall.Elapsed.TotalMilliseconds / pages.Count:F2} ms/page)");
        }
        return 0;
    }
}
