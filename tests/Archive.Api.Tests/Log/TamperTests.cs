using System.Net;
using System.Text;
using System.Text.Json;
using Archive.Api.Ingestion;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Lineage;
using Archive.Transparency.Receipts;
using Npgsql;

namespace Archive.Api.Tests.Log;

/// <summary>
/// Changes made directly in PostgreSQL, as a superuser past the immutability triggers, are found by verification: it names
/// exactly the capture bytes, the text, the lineage link or the log entry that no longer matches, and nothing else.
/// </summary>
public sealed class TamperTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private static readonly DateTimeOffset Published = new(2024, 5, 6, 8, 0, 0, TimeSpan.Zero);
    private static readonly Outlet Origin = new("Coastal Courier", "coastalcourier.com");
    private static readonly Outlet Copier = new("Valley Echo", "valleyecho.net");
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Verification_names_the_changed_bytes_text_and_link_and_nothing_else()
    {
        var story = new Story(41, "Ferry contract signed after long inquiry");
        var origin = await UploadAsync(Origin.Url("ferry-contract"), Origin.Page(story.Title, story.Paragraphs, Published));
        var copy = await UploadAsync(Copier.Url("ferry-contract"), Copier.Page(story.Title, story.Paragraphs, Published.AddHours(5)));
        var control = await UploadAsync(Origin.Url("other-story"), Origin.Page("Museum reopens", new Story(42, "x").Paragraphs, Published));
        Assert.Equal(Id(origin), copy.GetProperty("lineage").GetProperty("derivedFrom").GetProperty("articleId").GetGuid());
        foreach (var article in new[] { origin, copy, control })
        {
            Assert.Empty(await MismatchesAsync(Id(article)));
        }

        await AsSuperuserAsync(
            $"UPDATE captures SET raw_compressed = @raw WHERE id = '{CaptureId(copy)}'",
            new NpgsqlParameter("raw", Archive.Data.CapturedBytes.Compress(Encoding.UTF8.GetBytes("<html><body><p>Forged page</p></body></html>"))));
        await AsSuperuserAsync($"UPDATE article_versions SET text = text || ' And a forged last sentence.' WHERE id = '{VersionId(origin)}'");
        await AsSuperuserAsync($"UPDATE lineage_links SET kind = 'edited' WHERE republication_id = '{Id(copy)}'");

        var copyMismatches = await MismatchesAsync(Id(copy));
        Assert.Equal(new[] { ($"version {VersionId(copy)} (capture {CaptureId(copy)})", "raw"), ($"lineage of {Id(copy)}", "link") }.Order(),
            copyMismatches.Select(m => (m.Subject, m.Check)).Order());
        Assert.Contains("kind: stored \"edited\"", copyMismatches.Single(m => m.Check == "link").Detail, StringComparison.Ordinal);
        Assert.Contains("logged \"verbatim\"", copyMismatches.Single(m => m.Check == "link").Detail, StringComparison.Ordinal);

        var originMismatches = await MismatchesAsync(Id(origin));
        Assert.Equal(new[] { ($"lineage of {Id(copy)}", "link"), ($"version {VersionId(origin)} (capture {CaptureId(origin)})", "text") }.Order(),
            originMismatches.Select(m => (m.Subject, m.Check)).Order());
        Assert.Empty(await MismatchesAsync(Id(control)));
    }

    [Fact]
    public async Task A_rewritten_log_entry_no_longer_hashes_into_the_signed_tree()
    {
        var article = await UploadAsync("https://www.coastalcourier.com/news/entry", Origin.Page("Entry", new Story(43, "x").Paragraphs, Published));
        var index = article.GetProperty("log").GetInt64();

        await AsSuperuserAsync($"UPDATE log_entries SET entry = replace(encode(entry, 'escape'), 'coastalcourier', 'forgedcourier')::bytea WHERE idx = {index}");

        var mismatches = await MismatchesAsync(Id(article));
        Assert.Contains(mismatches, m => m.Check == "inclusion" && m.Detail.Contains($"entry {index}'s stored bytes", StringComparison.Ordinal));
        Assert.Contains(mismatches, m => m.Check == "record:finalUrl");
    }

    [Fact]
    public async Task A_receipt_refuses_a_text_changed_after_it_was_issued()
    {
        var article = await UploadAsync("https://www.coastalcourier.com/news/receipt", Origin.Page("Receipt", new Story(44, "x").Paragraphs, Published));
        var receipt = Receipt.Parse(await _client.GetStringAsync($"/api/articles/{Id(article)}/receipt"));
        var text = article.GetProperty("text").GetString()!;

        var honest = ReceiptVerifier.Verify(receipt, contentHash: Archive.Engine.Text.ContentHash.OfText(text).ToString());
        Assert.All(honest, c => Assert.True(c.Ok, $"{c.Name}: {c.Detail}"));

        var forged = ReceiptVerifier.Verify(receipt, contentHash: Archive.Engine.Text.ContentHash.OfText(text + " Forged.").ToString());
        Assert.Equal(["text"], forged.Where(c => !c.Ok).Select(c => c.Name));
    }

    private async Task<List<(string Subject, string Check, string Detail)>> MismatchesAsync(Guid articleId)
    {
        var report = await (await _client.GetAsync($"/api/articles/{articleId}/verify")).ReadJsonAsync(HttpStatusCode.OK);
        var mismatches = report.GetProperty("mismatches").EnumerateArray()
            .Select(m => (m.GetProperty("subject").GetString()!, m.GetProperty("check").GetString()!, m.GetProperty("detail").GetString()!)).ToList();
        Assert.Equal(mismatches.Count == 0, report.GetProperty("verified").GetBoolean());
        return mismatches;
    }

    /// <summary>Runs SQL the way an operator with database access could: as a superuser, with triggers switched off.</summary>
    private async Task AsSuperuserAsync(string sql, params NpgsqlParameter[] parameters)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SET session_replication_role = replica; {sql}", connection);
        command.Parameters.AddRange(parameters);
        Assert.True(await command.ExecuteNonQueryAsync() >= 1, $"the tampering changed nothing: {sql}");
    }

    private async Task<JsonElement> UploadAsync(string url, string html) =>
        await (await _client.PostJsonAsync("/api/captures", new { url, html })).ReadJsonAsync(HttpStatusCode.Created);

    private static Guid Id(JsonElement article) => article.GetProperty("id").GetGuid();

    private static Guid VersionId(JsonElement article) => article.GetProperty("versionId").GetGuid();

    private static Guid CaptureId(JsonElement article) => article.GetProperty("capture").GetProperty("id").GetGuid();
}
