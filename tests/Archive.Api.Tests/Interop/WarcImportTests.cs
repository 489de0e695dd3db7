using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;
using Archive.Engine.Warc;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Api.Tests.Interop;

/// <summary>The service with its import spool in a temporary folder of its own.</summary>
public sealed class ImportApiFactory : ArchiveApiFactory
{
    public string Spool { get; } = Path.Combine(Path.GetTempPath(), $"archive-import-spool-{Guid.NewGuid():N}");

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. base.Settings, new("Imports:SpoolDirectory", Spool)];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        LeftoverFolders.TryDelete(Spool);
    }
}

/// <summary>A WARC written by Debian's wget (a tool this project did not write) against a local origin, imported and read back.</summary>
public sealed class WarcImportTests(ImportApiFactory factory, NewsOrigin origin) : IClassFixture<ImportApiFactory>, IClassFixture<NewsOrigin>, IDisposable
{
    private readonly HttpClient _client = factory.CreateClient();
    private readonly List<string> _folders = [];

    public void Dispose()
    {
        foreach (var folder in _folders)
        {
            LeftoverFolders.TryDelete(folder);
        }
    }

    private async Task<string> WgetAsync(params Uri[] urls)
    {
        var folder = Directory.CreateTempSubdirectory("archive-wget-").FullName;
        _folders.Add(folder);
        var (code, _, stderr) = await NodeTools.ExecAsync("wget",
            ["--quiet", "--tries=1", "--no-proxy", $"--warc-file={Path.Combine(folder, "capture")}", "-O", "/dev/null", .. urls.Select(u => u.AbsoluteUri)]);
        Assert.True(code == 0, $"wget failed ({code}): {stderr}");
        return Path.Combine(folder, "capture.warc.gz");
    }

    private async Task<JsonElement> ImportAsync(string file)
    {
        using var content = new StreamContent(File.OpenRead(file));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/warc");
        var accepted = await (await _client.PostAsync($"/api/imports?name={Path.GetFileName(file)}", content)).ReadJsonAsync(HttpStatusCode.Accepted);
        var id = accepted.GetProperty("id").GetGuid();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var import = await (await _client.GetAsync($"/api/imports/{id}")).ReadJsonAsync(HttpStatusCode.OK);
            if (import.GetProperty("state").GetString() is "done" or "failed")
            {
                return import;
            }
            Assert.True(DateTime.UtcNow < deadline, import.ToString());
            await Task.Delay(100);
        }
    }

    /// <summary>The WARC-Date of each response record in the file, read with our reader.</summary>
    private static async Task<Dictionary<string, string>> ResponseDatesAsync(string file)
    {
        var dates = new Dictionary<string, string>();
        await using var reader = await WarcReader.OpenAsync(File.OpenRead(file), default);
        while (await reader.NextAsync(default) is { } entry)
        {
            if (entry.Header.Type == "response")
            {
                dates[entry.Header.TargetUri!] = entry.Header.Get("WARC-Date")!;
            }
        }
        return dates;
    }

    [Fact]
    public async Task A_wget_warc_is_imported_with_its_original_dates_bytes_status_headers_and_redirects()
    {
        var file = await WgetAsync(origin.Url("/old/bridge"), origin.Url("/gzip/harbour"));
        var import = await ImportAsync(file);
        Assert.Equal("done", import.GetProperty("state").GetString());
        Assert.Equal(2, import.GetProperty("imported").GetInt32());
        Assert.Equal(0, import.GetProperty("failed").GetInt32());
        Assert.Equal(1.0, import.GetProperty("progress").GetDouble());
        var dates = await ResponseDatesAsync(file);

        foreach (var (path, title) in new[] { ("/news/bridge", "Story bridge"), ("/gzip/harbour", "Compressed harbour") })
        {
            var url = origin.Url(path).AbsoluteUri;
            var article = await (await _client.GetAsync($"/api/articles?url={Uri.EscapeDataString(url)}")).ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal(title, article.GetProperty("title").GetString());
            var capture = article.GetProperty("capture");
            Assert.Equal("uploaded", capture.GetProperty("source").GetString());
            Assert.Equal(DateTimeOffset.Parse(dates[url], System.Globalization.CultureInfo.InvariantCulture),
                capture.GetProperty("capturedAt").GetDateTimeOffset());
            var status = await (await _client.GetAsync($"/api/captures/{capture.GetProperty("id").GetGuid()}")).ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal(200, status.GetProperty("capture").GetProperty("httpStatus").GetInt32());
            // The bytes the origin served (decoded from gzip where it sent gzip), exactly.
            var raw = await _client.GetStringAsync($"/api/captures/{capture.GetProperty("id").GetGuid()}/raw");
            using var browser = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.All });
            var served = await browser.GetStringAsync(url);
            Assert.Equal(served, raw);
            if (path == "/news/bridge")
            {
                var hop = Assert.Single(status.GetProperty("capture").GetProperty("redirects").EnumerateArray());
                Assert.Equal(origin.Url("/old/bridge").AbsoluteUri, hop.GetProperty("url").GetString());
                Assert.Equal(301, hop.GetProperty("status").GetInt32());
            }
        }

        // The original headers travel on: an export of the gzip capture carries Content-Encoding under its archived name.
        var again = await ImportAsync(file);
        Assert.Equal(0, again.GetProperty("imported").GetInt32());
        Assert.Equal(2, again.GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task Our_own_export_imported_again_is_recognised_by_url_time_and_bytes()
    {
        var job = await (await _client.PostJsonAsync("/api/captures", new { url = origin.Url("/gzip/roundtrip") })).ReadJsonAsync(HttpStatusCode.Accepted);
        var status = await _client.WaitForJobAsync(job.GetProperty("id").GetGuid());
        var articleId = status.GetProperty("articleId").GetGuid();
        var warc = Path.GetTempFileName();
        await File.WriteAllBytesAsync(warc, await _client.GetByteArrayAsync($"/api/articles/{articleId}/warc"));
        // Our record ids were never imported here; the same URL at the same instant with the same bytes is the same capture.
        var import = await ImportAsync(warc);
        Assert.Equal("done", import.GetProperty("state").GetString());
        Assert.Equal(0, import.GetProperty("imported").GetInt32());
        Assert.Equal(1, import.GetProperty("duplicates").GetInt32());
        Assert.Equal(0, import.GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task A_damaged_record_is_refused_and_the_rest_of_the_file_still_imports()
    {
        var file = await WgetAsync(origin.Url("/news/tampered"), origin.Url("/news/intact"));
        // Decompress, change one byte of the first page's body, write it back uncompressed (WARC readers take both).
        var bytes = await DecompressAsync(file);
        var text = System.Text.Encoding.Latin1.GetString(bytes);
        var at = text.IndexOf("about tampered", StringComparison.Ordinal);
        bytes[at] = (byte)'A';
        var damaged = Path.GetTempFileName();
        await File.WriteAllBytesAsync(damaged, bytes);
        var import = await ImportAsync(damaged);
        Assert.Equal("done", import.GetProperty("state").GetString());
        Assert.Equal(1, import.GetProperty("imported").GetInt32());
        Assert.Equal(1, import.GetProperty("failed").GetInt32());
        Assert.Equal("digest-mismatch", import.GetProperty("problems")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_import_a_stop_interrupted_runs_again_at_start_up_and_adds_only_what_is_missing()
    {
        var file = await WgetAsync(origin.Url("/news/resumed-one"), origin.Url("/news/resumed-two"));
        var first = await ImportAsync(file);
        Assert.Equal(2, first.GetProperty("imported").GetInt32());
        // A second copy of the file, left "running" as a crash would leave it, with a third page the first run never saw.
        var third = await WgetAsync(origin.Url("/news/resumed-three"));
        Guid id;
        using (var scope = factory.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<Archive.Data.Stores.ImportStore>();
            var spooled = Path.Combine(factory.Spool, "interrupted.warc");
            Directory.CreateDirectory(factory.Spool);
            // gzip members concatenate: the first file's records, then the third page's.
            await File.WriteAllBytesAsync(spooled, [.. await File.ReadAllBytesAsync(file), .. await File.ReadAllBytesAsync(third)]);
            id = (await store.CreateAsync(new Archive.Data.Entities.Import
            {
                State = Archive.Data.Entities.ImportState.Running, SpoolPath = spooled, BytesTotal = new FileInfo(spooled).Length,
                CreatedAt = DateTimeOffset.UtcNow, Records = 3, Imported = 1,
            }, default)).Id;
        }
        var runner = new Archive.Api.Imports.ImportRunner(factory.Services.GetRequiredService<IServiceScopeFactory>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Archive.Api.Imports.ImportRunner>.Instance);
        await runner.StartAsync(default);
        JsonElement import;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(100);
            import = await (await _client.GetAsync($"/api/imports/{id}")).ReadJsonAsync(HttpStatusCode.OK);
            Assert.True(DateTime.UtcNow < deadline, import.ToString());
        }
        while (import.GetProperty("state").GetString() is "queued" or "running");
        await runner.StopAsync(default);
        Assert.Equal("done", import.GetProperty("state").GetString());
        Assert.Equal(1, import.GetProperty("imported").GetInt32());
        Assert.Equal(2, import.GetProperty("duplicates").GetInt32());
        Assert.Equal(0, import.GetProperty("failed").GetInt32());
        Assert.False(File.Exists(Path.Combine(factory.Spool, "interrupted.warc")));
    }

    [Fact]
    public async Task A_compression_bomb_in_a_record_is_skipped_not_inflated()
    {
        using var packed = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            await gzip.WriteAsync(new byte[64 * 1024 * 1024]);
        }
        var http = System.Text.Encoding.ASCII.GetBytes(
            $"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: {packed.Length}\r\n\r\n");
        var head = System.Text.Encoding.ASCII.GetBytes("WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:6f1c1a8e-0000-4000-8000-000000000001>\r\n" +
            $"WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: https://bomb.example/\r\nContent-Type: application/http; msgtype=response\r\n" +
            $"Content-Length: {http.Length + packed.Length}\r\n\r\n");
        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, [.. head, .. http, .. packed.ToArray(), .. "\r\n\r\n"u8.ToArray()]);
        var import = await ImportAsync(file);
        Assert.Equal("done", import.GetProperty("state").GetString());
        Assert.Equal(0, import.GetProperty("imported").GetInt32());
        Assert.Equal("too-large", import.GetProperty("problems")[0].GetProperty("reason").GetString());
        await (await _client.GetAsync("/api/articles?url=https://bomb.example/")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_bodies_are_problems_and_store_nothing()
    {
        await (await _client.PostAsync("/api/imports", new ByteArrayContent([]))).ReadProblemAsync(HttpStatusCode.BadRequest);
        var garbage = await (await _client.PostAsync("/api/imports", new StringContent("this is not a WARC at all"))).ReadJsonAsync(HttpStatusCode.Accepted);
        var id = garbage.GetProperty("id").GetGuid();
        JsonElement import;
        do
        {
            await Task.Delay(100);
            import = await (await _client.GetAsync($"/api/imports/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        }
        while (import.GetProperty("state").GetString() is "queued" or "running");
        Assert.Equal("failed", import.GetProperty("state").GetString());
        Assert.Contains("not a readable WARC", import.GetProperty("error").GetString(), StringComparison.Ordinal);
        await (await _client.GetAsync($"/api/imports/{Guid.NewGuid()}")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    private static async Task<byte[]> DecompressAsync(string file)
    {
        await using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(file), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        await gzip.CopyToAsync(output);
        return output.ToArray();
    }
}
