// Seeds a database with N synthetic captures (one article, version and capture each, ~40 KB pages, one publisher) in the
// real schema, for bench/export.sh to export. Usage: Archive.Bench.Export CONNECTION_STRING N
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Archive.Data;
using Archive.Data.Entities;
using Microsoft.EntityFrameworkCore;

var (connection, count) = (args[0], int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
var options = new DbContextOptionsBuilder<ArchiveDbContext>();
options.ConfigureArchiveDb(connection);
await using (var db = new ArchiveDbContext(options.Options))
{
    await db.Database.MigrateAsync();
}
var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
var publisher = new Publisher { Name = "Bench Gazette", PrimaryDomain = "bench-gazette.example", CreatedAt = start };
await using (var db = new ArchiveDbContext(options.Options))
{
    publisher.Domains.Add(new PublisherDomain { Domain = publisher.PrimaryDomain, PublisherId = publisher.Id });
    db.Publishers.Add(publisher);
    await db.SaveChangesAsync();
}
var boilerplate = string.Concat(Enumerable.Range(0, 300).Select(i => $"<li><a href=\"/section/{i}\">Section {i} navigation link</a></li>"));
for (var batch = 0; batch < count; batch += 500)
{
    await using var db = new ArchiveDbContext(options.Options);
    for (var i = batch; i < Math.Min(count, batch + 500); i++)
    {
        var url = $"https://bench-gazette.example/news/{i}";
        var paragraphs = Enumerable.Range(0, 15).Select(p => $"Story {i} paragraph {p}: the council debated item {i * 31 + p} at length before a vote.").ToList();
        var html = $"<!doctype html><html><head><title>Story {i}</title></head><body><nav><ul>{boilerplate}</ul></nav><article><h1>Story {i}</h1>" +
            string.Concat(paragraphs.Select(p => $"<p>{p}</p>")) + "</article></body></html>";
        var raw = Encoding.UTF8.GetBytes(html);
        using var compressed = new MemoryStream();
        using (var brotli = new BrotliStream(compressed, CompressionLevel.Fastest))
        {
            brotli.Write(raw);
        }
        var at = start.AddMinutes(i);
        var capture = new Capture
        {
            RequestedUrl = url, FinalUrl = url, RedirectChain = "[]", HttpStatus = 200,
            ResponseHeaders = "[[\"Content-Type\",\"text/html; charset=utf-8\"]]", ContentType = "text/html; charset=utf-8", Charset = "utf-8",
            RawCompressed = compressed.ToArray(), RawLength = raw.Length, RawSha256 = Convert.ToHexStringLower(SHA256.HashData(raw)),
            CapturedAt = at, StoredAt = at, Source = CaptureSource.Fetched, SubmittedBy = "bench",
        };
        var article = new Article { Url = url, PublisherId = publisher.Id, CreatedAt = at };
        var text = string.Join("\n", paragraphs);
        var version = new ArticleVersion
        {
            ArticleId = article.Id, CaptureId = capture.Id, CapturedAt = at, Title = $"Story {i}", Text = text,
            Html = string.Concat(paragraphs.Select(p => $"<p>{p}</p>")), ContentHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))),
            Evidence = new Archive.Engine.ArticleEvidence([], [], [], []), PublisherId = publisher.Id,
            CreatedAt = at,
        };
        db.Captures.Add(capture);
        db.Articles.Add(article);
        db.ArticleVersions.Add(version);
        db.ArticleUrls.Add(new ArticleUrl { UrlKey = url, ArticleId = article.Id });
        await db.SaveChangesAsync();
        article.CurrentVersionId = version.Id;
    }
    await db.SaveChangesAsync();
    Console.Error.Write($"\rseeded {Math.Min(count, batch + 500)}/{count}");
}
Console.Error.WriteLine();
