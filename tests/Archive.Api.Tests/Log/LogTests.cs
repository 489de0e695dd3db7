using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;
using Archive.Data;
using Archive.Transparency.Merkle;
using Archive.Transparency.Notes;
using Archive.Transparency.Receipts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Archive.Api.Tests.Log;

public sealed class LogTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Concurrent_uploads_get_dense_distinct_indexes_each_answered_with_its_receipt_ready()
    {
        var uploads = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => UploadAsync($"https://dense.example/story-{i}", $"Dense story {i}")));

        var indexes = uploads.Select(u => u.GetProperty("log").GetInt64()).ToList();
        Assert.Equal(indexes.Count, indexes.Distinct().Count());
        foreach (var upload in uploads)
        {
            var receipt = Receipt.Parse(await _client.GetStringAsync($"/api/articles/{upload.GetProperty("id")}/receipt"));
            Assert.Equal(upload.GetProperty("log").GetInt64(), receipt.Index);
            Assert.All(ReceiptVerifier.Verify(receipt, await _client.GetStringAsync("/api/log/key")), c => Assert.True(c.Ok, c.Detail));
        }
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArchiveDbContext>();
        var all = await db.LogEntries.OrderBy(e => e.Index).Select(e => e.Index).ToListAsync();
        Assert.Equal(Enumerable.Range(0, all.Count).Select(i => (long)i), all);
        var captures = await db.Captures.Select(c => c.Id).ToListAsync();
        var logged = await db.LogEntries.Where(e => e.CaptureId != null).Select(e => e.CaptureId!.Value).ToListAsync();
        Assert.Equal(captures.Order(), logged.Order());
    }

    [Fact]
    public async Task Every_version_and_capture_in_json_carries_its_log_index()
    {
        var first = await UploadAsync("https://versions.example/story", "First text");
        var second = await UploadAsync("https://versions.example/story", "Second text");
        var id = first.GetProperty("id").GetGuid();

        var versions = await (await _client.GetAsync($"/api/articles/{id}/versions")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { second, first }.Select(v => v.GetProperty("log").GetInt64()), versions.EnumerateArray().Select(v => v.GetProperty("log").GetInt64()));
        var capture = await (await _client.GetAsync($"/api/captures/{first.GetProperty("capture").GetProperty("id")}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("log").GetInt64(), capture.GetProperty("capture").GetProperty("log").GetInt64());
        Assert.Equal(first.GetProperty("log").GetInt64(), first.GetProperty("capture").GetProperty("log").GetInt64());

        var entry = JsonDocument.Parse(await _client.GetByteArrayAsync($"/api/log/entries/{first.GetProperty("log")}")).RootElement;
        Assert.Equal("capture", entry.GetProperty("type").GetString());
        Assert.Equal(first.GetProperty("versionId").GetGuid(), entry.GetProperty("versionId").GetGuid());
        Assert.Equal(first.GetProperty("contentHash").GetString(), entry.GetProperty("contentHash").GetString());
        Assert.Equal(first.GetProperty("capture").GetProperty("rawSha256").GetString(), entry.GetProperty("rawHash").GetString());
        Assert.Equal("uploaded", entry.GetProperty("source").GetString());
        Assert.Equal($"key:", entry.GetProperty("submitter").GetString()![..4]);
        Assert.True(Archive.Transparency.Json.CanonicalJson.IsCanonical(await _client.GetByteArrayAsync($"/api/log/entries/{first.GetProperty("log")}")));
    }

    [Fact]
    public async Task Proof_endpoints_serve_rfc_9162_proofs_that_verify_against_the_signed_checkpoints()
    {
        await UploadAsync("https://proofs.example/a", "Proof story A");
        var key = await _client.GetStringAsync("/api/log/key");
        Assert.True(Checkpoint.TryOpen(await _client.GetStringAsync("/api/log/checkpoint"), key, out var old, out var error), error);
        for (var i = 0; i < 5; i++)
        {
            await UploadAsync($"https://proofs.example/b{i}", $"Proof story B{i}");
        }
        Assert.True(Checkpoint.TryOpen(await _client.GetStringAsync("/api/log/checkpoint"), key, out var current, out error), error);

        var consistency = await (await _client.GetAsync($"/api/log/proofs/consistency?from={old.TreeSize}&to={current.TreeSize}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.True(ProofVerifier.VerifyConsistency(old.TreeSize, current.TreeSize, Hashes(consistency), old.RootHash, current.RootHash));
        for (var index = 0L; index < current.TreeSize; index++)
        {
            var proof = await (await _client.GetAsync($"/api/log/proofs/inclusion?index={index}&treeSize={current.TreeSize}")).ReadJsonAsync(HttpStatusCode.OK);
            var entry = await _client.GetByteArrayAsync($"/api/log/entries/{index}");
            Assert.True(ProofVerifier.VerifyInclusion(TreeHashing.LeafHash(entry), index, current.TreeSize, Hashes(proof), current.RootHash), $"entry {index}");
        }
        Assert.Equal("no-cache", (await _client.GetAsync("/api/log/checkpoint")).Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("/api/log/proofs/inclusion?index=-1")]
    [InlineData("/api/log/proofs/inclusion?index=999999")]
    [InlineData("/api/log/proofs/inclusion?index=0&treeSize=999999")]
    [InlineData("/api/log/proofs/inclusion")]
    [InlineData("/api/log/proofs/consistency?from=5&to=2")]
    [InlineData("/api/log/proofs/consistency?from=0&to=999999")]
    [InlineData("/api/log/proofs/consistency?from=abc")]
    public async Task Impossible_proofs_are_bad_requests(string path) =>
        await (await _client.GetAsync(path)).ReadProblemAsync(HttpStatusCode.BadRequest);

    [Theory]
    [InlineData("/api/log/entries/999999")]
    [InlineData("/api/log/tile/0/000.p/255")]
    [InlineData("/api/log/tile/0/x999/000")]
    [InlineData("/api/log/tile/0/0")]
    [InlineData("/api/log/tile/entries/000.p/0")]
    [InlineData("/api/log/tile/64/000")]
    public async Task Missing_entries_and_tiles_are_not_found(string path) =>
        await (await _client.GetAsync(path)).ReadProblemAsync(HttpStatusCode.NotFound);

    [Fact]
    public async Task Tiles_and_entry_bundles_follow_tlog_tiles()
    {
        await UploadAsync("https://tiles.example/a", "Tile story");
        var size = long.Parse((await _client.GetStringAsync("/api/log/checkpoint")).Split('\n')[1], System.Globalization.CultureInfo.InvariantCulture);

        var tile = await _client.GetAsync($"/api/log/tile/0/000.p/{size}");
        Assert.Equal("application/octet-stream", tile.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", tile.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var hashes = await tile.Content.ReadAsByteArrayAsync();
        Assert.Equal(size * 32, hashes.Length);
        var bundle = await _client.GetByteArrayAsync($"/api/log/tile/entries/000.p/{size}");
        var at = 0;
        for (var i = 0; i < size; i++)
        {
            var length = (bundle[at] << 8) | bundle[at + 1];
            var entry = bundle.AsSpan(at + 2, length);
            Assert.Equal(hashes.AsSpan(i * 32, 32).ToArray(), TreeHashing.LeafHash(entry));
            Assert.Equal(entry.ToArray(), await _client.GetByteArrayAsync($"/api/log/entries/{i}"));
            at += 2 + length;
        }
        Assert.Equal(bundle.Length, at);
    }

    [Fact]
    public async Task A_lineage_decision_is_logged_with_its_links()
    {
        var story = new Lineage.Story(77, "Pipeline tender delayed again");
        var origin = await (await _client.PostJsonAsync("/api/captures", new
        {
            url = "https://www.firstpaper.com/news/pipeline",
            html = new Lineage.Outlet("First Paper", "firstpaper.com").Page(story.Title, story.Paragraphs, DateTimeOffset.Parse("2024-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)),
        })).ReadJsonAsync(HttpStatusCode.Created);
        var copy = await (await _client.PostJsonAsync("/api/captures", new
        {
            url = "https://www.secondpaper.net/news/pipeline",
            html = new Lineage.Outlet("Second Paper", "secondpaper.net").Page(story.Title, story.Paragraphs, DateTimeOffset.Parse("2024-01-02T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)),
        })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("verbatim", copy.GetProperty("lineage").GetProperty("kind").GetString());

        await factory.Services.GetRequiredService<Archive.Api.Log.LogSequencer>().WaitForPassAsync(CancellationToken.None);
        await using var scope = factory.Services.CreateAsyncScope();
        var decisions = await scope.ServiceProvider.GetRequiredService<LogStore>().LatestLineageEntriesAsync([copy.GetProperty("id").GetGuid()], CancellationToken.None);
        var entry = JsonDocument.Parse(decisions.Single().Value.Entry).RootElement;
        Assert.Equal("lineage", entry.GetProperty("type").GetString());
        var member = entry.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("article").GetGuid() == copy.GetProperty("id").GetGuid());
        Assert.Equal(origin.GetProperty("id").GetGuid(), member.GetProperty("derivedFrom").GetGuid());
        Assert.Equal("verbatim", member.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Array, member.GetProperty("evidence").ValueKind);
        var originMember = entry.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("article").GetGuid() == origin.GetProperty("id").GetGuid());
        Assert.False(originMember.TryGetProperty("derivedFrom", out _));
    }

    [Fact]
    public async Task A_text_a_file_or_a_hash_finds_the_captures_that_carry_it()
    {
        var article = await UploadAsync("https://lookup.example/story", "Lookup story");
        var text = article.GetProperty("text").GetString()!;

        var byText = await (await _client.PostJsonAsync("/api/verify", new { text = "  " + text.Replace(" ", "  ", StringComparison.Ordinal) + "\n" })).ReadJsonAsync(HttpStatusCode.OK);
        var match = Assert.Single(byText.GetProperty("matches").EnumerateArray());
        Assert.Equal("text", match.GetProperty("match").GetString());
        Assert.Equal(article.GetProperty("log").GetInt64(), byText.GetProperty("firstSeen").GetProperty("log").GetInt64());

        var raw = await _client.GetByteArrayAsync($"/api/captures/{article.GetProperty("capture").GetProperty("id")}/raw");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(raw) { Headers = { ContentType = new MediaTypeHeaderValue("text/html") } }, "file", "page.html" } };
        var byFile = await (await _client.PostAsync("/api/verify", form)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("text-and-raw", Assert.Single(byFile.GetProperty("matches").EnumerateArray()).GetProperty("match").GetString());

        var byHash = await (await _client.PostJsonAsync("/api/verify", new { contentHash = article.GetProperty("contentHash").GetString()!.ToUpperInvariant().Replace("SHA256", "sha256", StringComparison.Ordinal) })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Single(byHash.GetProperty("matches").EnumerateArray());
        var none = await (await _client.PostJsonAsync("/api/verify", new { text = "A text this archive never saw." })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Empty(none.GetProperty("matches").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, none.GetProperty("firstSeen").ValueKind);

        // A lookup only reads: it needs no submitter key.
        var anonymous = factory.CreateClientWithKey(null);
        await (await anonymous.PostJsonAsync("/api/verify", new { text })).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"contentHash\":\"md5:abc\"}")]
    [InlineData("{\"rawHash\":\"sha256:1234\"}")]
    [InlineData("{\"text\":\"a\",\"contentHash\":\"sha256:0000000000000000000000000000000000000000000000000000000000000000\"}")]
    [InlineData("{\"text\":")]
    public async Task Lookups_without_a_usable_text_or_hash_are_bad_requests(string body) =>
        await (await _client.PostAsync("/api/verify", new StringContent(body, Encoding.UTF8, "application/json"))).ReadProblemAsync(HttpStatusCode.BadRequest);

    [Fact]
    public async Task The_database_refuses_to_change_or_remove_log_rows()
    {
        await UploadAsync("https://immutable.example/story", "Immutable story");
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[]
        {
            "UPDATE log_entries SET entry = '\\x00' WHERE idx = 0", "DELETE FROM log_entries", "DELETE FROM log_checkpoints",
            "UPDATE log_checkpoints SET note = 'x'", "UPDATE log_tiles SET hashes = '\\x00'", "TRUNCATE log_entries", "DELETE FROM log_tiles",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_second_process_with_the_log_s_key_continues_it_and_one_with_another_key_refuses_to_start()
    {
        await UploadAsync("https://processes.example/first", "First process story");
        await using (var second = new SameDatabaseFactory(factory.ConnectionString, factory.LogKeyFile))
        {
            var client = second.CreateClient();
            var article = await (await client.PostJsonAsync("/api/captures", new { url = "https://processes.example/second", html = Page("Second process story") }))
                .ReadJsonAsync(HttpStatusCode.Created);
            Assert.Equal(JsonValueKind.Number, article.GetProperty("log").ValueKind);
        }
        var before = await _client.GetStringAsync("/api/log/checkpoint");
        await using var stranger = new SameDatabaseFactory(factory.ConnectionString, Path.Combine(Path.GetTempPath(), $"archive-test-log-{Guid.NewGuid():N}.key"));
        var refused = Assert.ThrowsAny<Exception>(() => stranger.CreateClient());
        Assert.Contains("cannot be continued with the signing key", refused.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, await _client.GetStringAsync("/api/log/checkpoint"));
        File.Delete(stranger.KeyFile);
    }

    private sealed class SameDatabaseFactory(string connectionString, string keyFile) : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
    {
        public string KeyFile => keyFile;

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:Archive", connectionString);
            builder.UseSetting("Log:SigningKeyFile", keyFile);
            builder.UseSetting("ARCHIVE_ADMIN_KEY", ArchiveApiFactory.AdminKey);
        }

        protected override void ConfigureClient(HttpClient client)
        {
            base.ConfigureClient(client);
            client.DefaultRequestHeaders.Add("X-Api-Key", ArchiveApiFactory.AdminKey);
        }
    }

    private async Task<JsonElement> UploadAsync(string url, string title) =>
        await (await _client.PostJsonAsync("/api/captures", new { url, html = Page(title) })).ReadJsonAsync(HttpStatusCode.Created);

    private static string Page(string title) =>
        $"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{title}: the river authority published its report " +
        $"on the flood defences this week, after months of delay.</p><p>{title} continues with the mayor's answer to the report.</p></article></body></html>";

    private static List<byte[]> Hashes(JsonElement proof) => [.. proof.GetProperty("hashes").EnumerateArray().Select(h => Convert.FromBase64String(h.GetString()!))];
}
