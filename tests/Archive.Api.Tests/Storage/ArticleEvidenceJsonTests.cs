using System.Net;
using System.Text.Json;
using Archive.Api.Lineage;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Lineage;
using Archive.Engine.Extraction;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Archive.Api.Tests.Storage;

/// <summary>
/// A version's cleaner evidence (<c>article_versions.evidence</c>, a jsonb column typed with EF's <c>ToJson()</c>): rows the
/// hand-serialising code wrote (attribution positions as numbers) and rows written now (positions as their text) read back
/// the same through the article answer and through lineage's member query, and the answer is what it always was.
/// </summary>
public sealed class ArticleEvidenceJsonTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private static readonly DateTimeOffset Published = new(2024, 6, 3, 8, 0, 0, TimeSpan.Zero);
    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>As the old code stored it: JsonSerializerOptions.Web, every member written, nulls too, positions as numbers.</summary>
    private const string OldEvidence = """
        {"attributions":[{"text":"Source: Tidewater Post","name":"Tidewater Post","url":"https://www.tidewater-old.example/news/pensions","position":0},
                         {"text":"Quelle: Tidewater Post","name":"Tidewater Post","url":null,"position":1}],
         "links":[{"url":"https://www.tidewater-old.example/news/pensions","text":"the first report"}],
         "isBasedOn":["https://www.tidewater-old.example/news/pensions"],"authors":["Ann Reed"],"siteName":"Coastline Courier"}
        """;

    /// <summary>The same evidence as written now: positions as their enum text.</summary>
    private static readonly string NewEvidence = OldEvidence.Replace("\"position\":0", "\"position\":\"before\"", StringComparison.Ordinal)
        .Replace("\"position\":1", "\"position\":\"after\"", StringComparison.Ordinal);

    /// <summary>What the article answer has always said of <see cref="OldEvidence"/> (the API writes enums as text).</summary>
    private const string Answered = """
        {"attributions":[{"text":"Source: Tidewater Post","name":"Tidewater Post","url":"https://www.tidewater-old.example/news/pensions","position":"before"},{"text":"Quelle: Tidewater Post","name":"Tidewater Post","url":null,"position":"after"}],"links":[{"url":"https://www.tidewater-old.example/news/pensions","text":"the first report"}],"isBasedOn":["https://www.tidewater-old.example/news/pensions"],"authors":["Ann Reed"],"siteName":"Coastline Courier"}
        """;

    [Theory]
    [InlineData("old")]
    [InlineData("new")]
    public async Task A_stored_version_answers_its_evidence_as_the_old_code_did(string form)
    {
        var copy = await StoredAsync(form);

        var response = await _client.GetAsync($"/api/articles/{copy}");
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(Answered, json.RootElement.GetProperty("evidence").GetRawText());
    }

    [Fact]
    public async Task A_version_seeded_with_empty_evidence_reads_as_before()
    {
        // Bulk seeds (the reader bench, search tests) write "{}": the old answer named each member, null.
        var copy = await StoredAsync("{}");

        var body = await _client.GetStringAsync($"/api/articles/{copy}");
        await using var scope = factory.Services.CreateAsyncScope();
        var member = Assert.Single(await scope.ServiceProvider.GetRequiredService<LineageMembers>().LoadAsync([copy], default)).Member;

        using var json = JsonDocument.Parse(body);
        Assert.Equal("""{"attributions":null,"links":null,"isBasedOn":null,"authors":null,"siteName":null}""",
            json.RootElement.GetProperty("evidence").GetRawText());
        Assert.Empty(member.Attributions);
        Assert.Empty(member.Links);
        Assert.Empty(member.IsBasedOn);
    }

    [Theory]
    [InlineData("old")]
    [InlineData("new")]
    public async Task Lineage_reads_the_same_evidence_from_its_member_query(string form)
    {
        var copy = await StoredAsync(form);
        await using var scope = factory.Services.CreateAsyncScope();

        var member = Assert.Single(await scope.ServiceProvider.GetRequiredService<LineageMembers>().LoadAsync([copy], default)).Member;

        Assert.Equal(
            [
                new Attribution("Source: Tidewater Post", "Tidewater Post", "https://www.tidewater-old.example/news/pensions", AttributionPosition.Before),
                new Attribution("Quelle: Tidewater Post", "Tidewater Post", null, AttributionPosition.After),
            ],
            member.Attributions);
        Assert.Equal([new ArticleLink("https://www.tidewater-old.example/news/pensions", "the first report")], member.Links);
        Assert.Equal(["https://www.tidewater-old.example/news/pensions"], member.IsBasedOn);
        Assert.Equal("Coastline Courier", member.SiteName);
    }

    [Fact]
    public async Task A_new_version_stores_what_it_answers_with_positions_as_their_text()
    {
        var copy = await UploadAsync("stored");
        var answered = JsonDocument.Parse(await _client.GetStringAsync($"/api/articles/{copy}")).RootElement.GetProperty("evidence");
        Assert.Contains(answered.GetProperty("attributions").EnumerateArray(), a => a.GetProperty("position").GetString() == "after");

        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("""
            SELECT evidence = $2::jsonb, evidence::text FROM article_versions WHERE article_id = $1
            """, connection)
        {
            Parameters = { new() { Value = copy }, new() { Value = answered.GetRawText() } },
        };
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        // Same members, same names, nulls kept: the jsonb the hand-serialised text made, but for positions now written as text.
        Assert.True(reader.GetBoolean(0), reader.GetString(1));
    }

    /// <summary>An uploaded copy whose version's evidence is then replaced by <see cref="OldEvidence"/> or <see cref="NewEvidence"/>.</summary>
    private async Task<Guid> StoredAsync(string form)
    {
        var copy = await UploadAsync($"s{Guid.NewGuid():N}");
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand("UPDATE article_versions SET evidence = $1::jsonb WHERE article_id = $2", connection)
        {
            Parameters = { new() { Value = form switch { "old" => OldEvidence, "new" => NewEvidence, _ => form } }, new() { Value = copy } },
        };
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
        return copy;
    }

    private async Task<Guid> UploadAsync(string tag)
    {
        var courier = new Outlet("Coastline Courier", $"courier-{tag}.example");
        var story = new Story(302, "Senate delays the pension reform");
        var html = courier.Page(story.Title, story.Paragraphs.Take(7), Published,
            before: "<p>Source: Tidewater Post</p>", after: "<p>Quelle: Tidewater Post</p>");
        var response = await _client.PostJsonAsync("/api/captures", new { url = courier.Url("pensions"), html });
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }
}
