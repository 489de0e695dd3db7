// Lineage's in-process computation per real page, piece by piece: CPU (the process's, one thread) and bytes allocated, over
// the load bench's pages as the engine leaves them (bench/lineage-cpu.sh). First a digest of every value lineage stores
// from them (fingerprint keys, MinHash, shingle counts, site keys), so two builds can be shown to store the same numbers.
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using Archive.Engine;
using Archive.Engine.Extraction;
using Archive.Engine.Lineage;
using Archive.Engine.Text;

var list = File.ReadAllLines(args[0]);
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var processor = new PageProcessor();
var pages = new List<ProcessedPage>();
foreach (var line in list)
{
    var (path, url) = (line.Split('\t')[0], line.Split('\t')[1]);
    using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
    using var bytes = new MemoryStream();
    gzip.CopyTo(bytes);
    try
    {
        pages.Add(processor.Process(bytes.ToArray(), "text/html", new Uri(url)));
    }
    catch (PageTooComplexException)
    {
        Console.Error.WriteLine($"{path}: too complex, left out");
    }
}

using (var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
{
    void Add(long value) => digest.AppendData(BitConverter.GetBytes(value));
    foreach (var page in pages)
    {
        var fingerprint = Fingerprinter.Compute(page.Shingles);
        foreach (var value in fingerprint.IndexKeys.Concat([-1]).Concat(fingerprint.MinHash).Concat([fingerprint.ShingleCount, -2])
            .Concat(SiteParagraphs.IndexKeys(page.CanonicalText, page.Article.PageText)).Concat([-3])
            .Concat(SiteParagraphs.Keys(page.CanonicalText)).Concat([-4]))
        {
            Add(value);
        }
    }
    Console.WriteLine($"{pages.Count} pages, {pages.Average(p => p.Shingles.Count):F0} shingles a page, " +
        $"stored values' digest {Convert.ToHexString(digest.GetHashAndReset())[..16]}");
}

(string Name, Action<ProcessedPage> Run)[] pieces =
[
    ("Fingerprinter.Compute", p => Fingerprinter.Compute(p.Shingles)),
    ("Shingles.HashSet", p => Shingles.HashSet(p.CanonicalText)),
    ("SiteParagraphs.IndexKeys", p => SiteParagraphs.IndexKeys(p.CanonicalText, p.Article.PageText)),
    ("SiteParagraphs.Keys", p => SiteParagraphs.Keys(p.CanonicalText)),
    ("CanonicalText.Normalize", p => CanonicalText.Normalize(p.Article.Text)),
    ("ContentHash.OfCanonical", p => ContentHash.OfCanonical(p.CanonicalText)),
];
foreach (var (_, run) in pieces)
{
    pages.ForEach(run); // the JIT's final tier
}
using var process = Process.GetCurrentProcess();
for (var round = 1; round <= rounds; round++)
{
    var figures = new List<string>();
    foreach (var (name, run) in pieces)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        pages.ForEach(run);
        process.Refresh();
        figures.Add(string.Create(CultureInfo.InvariantCulture,
            $"{name} {(process.TotalProcessorTime - cpu).TotalMilliseconds / pages.Count:F3} ms " +
            $"{(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / pages.Count:F1} KiB"));
    }
    Console.WriteLine($"round {round}: {string.Join(" | ", figures)}");
}
