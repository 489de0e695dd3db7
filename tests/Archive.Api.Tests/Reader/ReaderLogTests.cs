using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Lineage;
using Npgsql;

namespace Archive.Api.Tests.Reader;

/// <summary>The article page's provenance panel checks the shown capture against the transparency log's signed checkpoint.</summary>
public sealed class ReaderLogTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private static readonly DateTimeOffset Published = new(2024, 6, 3, 7, 0, 0, TimeSpan.Zero);
    private static readonly Outlet Gazette = new("Harbour Gazette", "harbourgazette.com");
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task The_provenance_panel_says_the_capture_is_included_in_the_signed_checkpoint_and_links_its_receipt()
    {
        var upload = await UploadAsync(Gazette.Url("pier-lights"), Gazette.Page("Pier lights restored", new Story(61, "x").Paragraphs, Published));
        var id = upload.GetProperty("id").GetGuid();
        var index = upload.GetProperty("log").GetInt64();
        var key = await _client.GetStringAsync("/api/log/key");

        var document = new HtmlParser().ParseDocument(await _client.GetStringAsync($"/articles/{id}"));

        var panel = document.QuerySelector("#log-inclusion")!;
        Assert.Contains("verified", panel.QuerySelector(".badge")!.TextContent, StringComparison.Ordinal);
        Assert.Contains($"Entry {index} of the archive's log", panel.TextContent, StringComparison.Ordinal);
        Assert.Contains(string.Join('+', key.Trim().Split('+').Take(2)), panel.TextContent, StringComparison.Ordinal);
        var receipt = document.QuerySelector($"a[href='/api/articles/{id}/receipt?version={upload.GetProperty("versionId").GetGuid()}']");
        Assert.NotNull(receipt);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(receipt.GetAttribute("href"))).StatusCode);
    }

    [Fact]
    public async Task A_log_entry_rewritten_in_the_database_is_shown_as_not_verifying_and_the_receipt_link_is_withdrawn()
    {
        var upload = await UploadAsync(Gazette.Url("pier-fees"), Gazette.Page("Pier fees rise", new Story(62, "x").Paragraphs, Published));
        var id = upload.GetProperty("id").GetGuid();
        var index = upload.GetProperty("log").GetInt64();

        await using (var connection = new NpgsqlConnection(factory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SET session_replication_role = replica; " +
                $"UPDATE log_entries SET entry = replace(encode(entry, 'escape'), 'harbourgazette', 'forgedgazette')::bytea WHERE idx = {index}",
                connection);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        var response = await _client.GetAsync($"/articles/{id}?version={upload.GetProperty("versionId").GetGuid()}");
        var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

        var panel = document.QuerySelector("#log-inclusion[role=alert]")!;
        Assert.Contains($"entry {index} does not hash into the signed tree", panel.TextContent, StringComparison.Ordinal);
        Assert.Null(document.QuerySelector("a[href*='/receipt']"));
    }

    private async Task<JsonElement> UploadAsync(string url, string html) =>
        await (await _client.PostJsonAsync("/api/captures", new { url, html })).ReadJsonAsync(HttpStatusCode.Created);
}
