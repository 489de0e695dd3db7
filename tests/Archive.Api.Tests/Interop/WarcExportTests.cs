using System.Net;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Api.Tests.Interop;

/// <summary>Every WARC export is read back by webrecorder's warcio: every record parses, every digest matches.</summary>
public sealed class WarcExportTests(ArchiveApiFactory factory, NewsOrigin origin) : IClassFixture<ArchiveApiFactory>, IClassFixture<NewsOrigin>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<(Guid ArticleId, Guid CaptureId)> FetchAsync(Uri url)
    {
        var job = await (await _client.PostJsonAsync("/api/captures", new { url })).ReadJsonAsync(HttpStatusCode.Accepted);
        var status = await _client.WaitForJobAsync(job.GetProperty("id").GetGuid());
        Assert.Equal("done", status.GetProperty("state").GetString());
        return (status.GetProperty("articleId").GetGuid(), status.GetProperty("capture").GetProperty("id").GetGuid());
    }

    private async Task<string> DownloadAsync(string path)
    {
        var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = Path.Combine(Path.GetTempPath(), $"archive-export-{Guid.NewGuid():N}" + Path.GetExtension(path.Split('?')[0]));
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        return file;
    }

    [Fact]
    public async Task An_article_export_reads_back_in_warcio_with_every_digest_matching_and_the_clean_text_inside()
    {
        var (articleId, captureId) = await FetchAsync(origin.Url("/gzip/harbour"));
        // A fetched capture (unlike an upload) does not wait for the log: let a pass integrate its entry before exporting.
        Assert.True(await factory.Services.GetRequiredService<Archive.Api.Log.LogSequencer>().WaitForPassAsync(CancellationToken.None));
        var file = await DownloadAsync($"/api/articles/{articleId}/warc");
        var records = await NodeTools.ReadWarcAsync(file);

        Assert.Equal(["warcinfo", "response", "request", "metadata", "conversion"], records.Select(r => r.GetProperty("type").GetString()));
        foreach (var record in records)
        {
            Assert.Equal(record.GetProperty("contentLength").GetInt64(), record.GetProperty("blockLength").GetInt64());
            if (record.GetProperty("type").GetString() != "warcinfo")
            {
                Assert.True(record.GetProperty("blockDigestOk").GetBoolean(), record.ToString());
            }
        }
        var response = records[1];
        Assert.True(response.GetProperty("payloadDigestOk").GetBoolean());
        Assert.Equal(200, response.GetProperty("status").GetInt32());
        Assert.Equal(origin.Url("/gzip/harbour").AbsoluteUri, response.GetProperty("targetUri").GetString());

        // The payload warcio reads is the capture's raw bytes, exactly as stored (decoded from the gzip the origin sent).
        var raw = await _client.GetAsync($"/api/captures/{captureId}/raw");
        var rawBytes = await raw.Content.ReadAsByteArrayAsync();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(rawBytes)), response.GetProperty("payloadSha256").GetString());
        Assert.EndsWith("Z", raw.Headers.GetValues("X-Archive-Captured-At").Single(), StringComparison.Ordinal);
        Assert.Equal(DateTimeOffset.Parse(raw.Headers.GetValues("X-Archive-Captured-At").Single(), System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(response.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture));

        var request = records[2];
        Assert.Equal(response.GetProperty("recordId").GetString(), request.GetProperty("concurrentTo").GetString());
        var metadata = JsonDocument.Parse(records[3].GetProperty("blockText").GetString()!).RootElement;
        Assert.Equal("fetched", metadata.GetProperty("source").GetString());
        Assert.Equal(captureId, metadata.GetProperty("captureId").GetGuid());
        Assert.Equal(articleId, metadata.GetProperty("article").GetProperty("id").GetGuid());
        var article = await (await _client.GetAsync($"/api/articles/{articleId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(article.GetProperty("log").GetInt64(), metadata.GetProperty("log").GetInt64());
        var text = await _client.GetStringAsync($"/api/articles/{articleId}/text");
        Assert.Equal(text, records[4].GetProperty("blockText").GetString());
        Assert.Equal(response.GetProperty("recordId").GetString(), records[4].GetProperty("refersTo").GetString());
        File.Delete(file);
    }

    [Fact]
    public async Task A_period_export_holds_uploads_as_resource_records_and_its_cdxj_matches_warcios_index()
    {
        await FetchAsync(origin.Url("/news/council"));
        var upload = await (await _client.PostJsonAsync("/api/captures", new
        {
            url = "https://uploads.example/story", html = NewsOrigin.Article("Uploaded", "A reader saved this page."),
            capturedAt = "2024-05-01T10:00:00.123456Z",
        })).ReadJsonAsync(HttpStatusCode.Created);
        var file = await DownloadAsync("/api/export/warc");
        var records = await NodeTools.ReadWarcAsync(file);
        Assert.All(records.Where(r => r.GetProperty("type").GetString() != "warcinfo"),
            r => Assert.True(r.GetProperty("blockDigestOk").GetBoolean(), r.ToString()));
        var resource = Assert.Single(records, r => r.GetProperty("type").GetString() == "resource");
        Assert.Equal("https://uploads.example/story", resource.GetProperty("targetUri").GetString());
        Assert.Equal("2024-05-01T10:00:00.123456Z", resource.GetProperty("date").GetString());
        Assert.True(resource.GetProperty("payloadDigestOk").GetBoolean());

        // Our CDXJ, fetched separately, addresses the same bytes warcio indexes in the downloaded file.
        var ours = (await _client.GetStringAsync("/api/export/cdxj")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var theirs = (await NodeTools.RunAsync("check-warc.mjs", file, "--cdxj")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(records.Count(r => r.GetProperty("type").GetString() is "response" or "resource"), ours.Length);
        Assert.True(ours.Length >= 2);
        foreach (var line in ours)
        {
            var (key, json) = Split(line);
            var match = theirs.Select(Split).Single(t => t.Key == key && t.Json.GetProperty("offset").GetString() == json.GetProperty("offset").GetString());
            foreach (var field in new[] { "url", "length", "digest" })
            {
                Assert.Equal(match.Json.GetProperty(field).GetString(), json.GetProperty(field).GetString());
            }
            // warcio keeps a resource record's media type parameters (charset); CDX mime fields are the bare type.
            Assert.Equal(match.Json.GetProperty("mime").GetString()!.Split(';')[0], json.GetProperty("mime").GetString());
            Assert.Equal(match.Json.TryGetProperty("status", out var s) ? s.GetString() : null, json.TryGetProperty("status", out var o) ? o.GetString() : null);
        }
        Assert.NotNull(upload.GetProperty("id").GetString());
        File.Delete(file);
    }

    [Fact]
    public async Task The_same_selection_exports_the_same_bytes()
    {
        var (articleId, _) = await FetchAsync(origin.Url("/news/repeat"));
        var first = await _client.GetByteArrayAsync($"/api/articles/{articleId}/warc");
        var second = await _client.GetByteArrayAsync($"/api/articles/{articleId}/warc");
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Unknown_selections_are_problems()
    {
        await (await _client.GetAsync($"/api/articles/{Guid.NewGuid()}/warc")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/publishers/{Guid.NewGuid()}/wacz")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync("/api/export/warc?from=2024-02-01&to=2024-01-01")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    private static (string Key, JsonElement Json) Split(string line)
    {
        var parts = line.Split(' ', 3);
        return ($"{parts[0]} {parts[1]}", JsonDocument.Parse(parts[2]).RootElement.Clone());
    }
}
