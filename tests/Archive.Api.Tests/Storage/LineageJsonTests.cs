using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Lineage;
using Archive.Data;
using Archive.Transparency.Entries;
using Archive.Transparency.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Archive.Api.Tests.Storage;

/// <summary>
/// A lineage link's evidence and diff (jsonb columns) and its kind, declaration, reuse and basis, pinned: the API's answers
/// and the log entry's canonical bytes stay what they were when these were strings serialised by hand.
/// </summary>
public sealed partial class LineageJsonTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private static readonly DateTimeOffset Published = new(2024, 6, 3, 8, 0, 0, TimeSpan.Zero);
    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>Evidence as the old code stored it (JsonSerializerOptions.Web, every member written, nulls too).</summary>
    private const string OldEvidence = """
        [{"type":"attributionName","detail":"Quelle: Tidewater Post","of":"copy","basis":"claimed","by":"key:0193a4f0-0000-7000-8000-000000000001"},
         {"type":"text","detail":"similarity 0.82, containment 0.97","of":null,"basis":null,"by":null}]
        """;

    [Fact]
    public async Task A_lineage_answer_is_byte_identical_to_the_pinned_one()
    {
        var (source, copy) = await PairAsync("wire");

        var article = await BodyAsync($"/api/articles/{copy}");
        var tree = await BodyAsync($"/api/articles/{source}/lineage");
        var audit = await BodyAsync("/api/audit/republications?publisher=courier-wire.example");
        var csv = await BodyAsync("/api/audit/republications?publisher=courier-wire.example&format=csv");

        // Answers of the code that serialised these columns by hand (run at 89fd139), ids and this run's times replaced.
        Assert.Equal(Pinned("lineage-article.json"), Normalise(article, source, copy));
        Assert.Equal(Pinned("lineage-tree.json"), Normalise(tree, source, copy));
        Assert.Equal(Pinned("lineage-audit.json"), Normalise(audit, source, copy));
        Assert.Equal(Pinned("lineage-audit.csv"), Normalise(csv, source, copy));
    }

    [Fact]
    public async Task A_link_stored_by_the_old_code_logs_and_verifies_as_the_same_canonical_bytes()
    {
        var (_, copy) = await PairAsync("log");
        await using (var connection = new NpgsqlConnection(factory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var update = new NpgsqlCommand("UPDATE lineage_links SET evidence = $1::jsonb WHERE republication_id = $2", connection)
            {
                Parameters = { new() { Value = OldEvidence }, new() { Value = copy } },
            };
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }
        await using var scope = factory.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<LogStore>();
        var link = (await store.LinksOfAsync([copy], default))[copy];

        var member = CanonicalJson.Serialize(LineageEntry.ToJson(LogStore.MemberOf(copy, link)).Item);

        // What the old code built: the stored text parsed as it stands.
        var old = CanonicalJson.Serialize(LineageEntry.ToJson(new LineageEntry.Member(copy, link.DerivedFromId, link.OriginId,
            ((object)link.Kind).ToString() is { } k ? Kebab(k) : null, link.Similarity, link.Containment, link.SourceCoverage,
            JsonNode.Parse(OldEvidence))).Item);
        Assert.Equal(Encoding.UTF8.GetString(old), Encoding.UTF8.GetString(member));
    }

    private static string Kebab(string kind) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(kind);

    private Task<(Guid Source, Guid Copy)> PairAsync(string tag) => PairAsync(_client, tag);

    /// <summary>An origin and an excerpt of it that names it, uploaded: a link whose every field has a value to pin.</summary>
    internal static async Task<(Guid Source, Guid Copy)> PairAsync(HttpClient client, string tag)
    {
        var origin = new Outlet("Tidewater Post", $"tidewater-{tag}.example");
        var courier = new Outlet("Coastline Courier", $"courier-{tag}.example");
        var story = new Story(301, "Senate delays the pension reform");
        var source = await UploadAsync(client, origin.Url("pensions"), origin.Page(story.Title, story.Paragraphs, Published));
        var copy = await UploadAsync(client, courier.Url("pensions"), courier.Page(story.Title, story.Paragraphs.Take(7), Published.AddDays(1),
            after: $"<p>Quelle: {origin.Name}</p><p>We think the senators owe the pensioners of this province a clear answer before the winter "
                + "session ends, and a date for the vote they keep promising.</p>"));
        return (source, copy);
    }

    private static async Task<Guid> UploadAsync(HttpClient client, string url, string html) =>
        (await (await client.PostJsonAsync("/api/captures", new { url, html })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private async Task<string> BodyAsync(string path)
    {
        var response = await _client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return body;
    }

    /// <summary>The two articles by name, every other id and every time of this run (not the pages' 2024 dates) by a placeholder.</summary>
    private static string Normalise(string body, Guid source, Guid copy)
    {
        var text = body.Replace(source.ToString(), "SOURCE", StringComparison.OrdinalIgnoreCase)
            .Replace(copy.ToString(), "COPY", StringComparison.OrdinalIgnoreCase);
        text = AnyGuid().Replace(text, "GUID");
        return NotPinnedTime().Replace(text, "TIME");
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex AnyGuid();

    [GeneratedRegex(@"\b20(?!24)\d\d-\d\d-\d\d[T ][0-9:.]+(Z|[+-]\d\d:\d\d)?")]
    private static partial Regex NotPinnedTime();

    private static string Pinned(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Pinned", name));
}
