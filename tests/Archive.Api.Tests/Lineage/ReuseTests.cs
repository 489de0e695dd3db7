using System.Net;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;

namespace Archive.Api.Tests.Lineage;

/// <summary>How each copy was made, through the service: both axes on every link, and a copy's site template learnt from
/// its site's other pages whatever order they arrive in.</summary>
public sealed class ReuseTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private static readonly DateTimeOffset Published = new(2024, 6, 3, 8, 0, 0, TimeSpan.Zero);
    private readonly HttpClient _client = factory.CreateClient();

    private const string Boilerplate = "Coastline Courier is an independent newspaper owned by its readers since 1921, and every story it "
        + "publishes is checked by two editors before it appears on this site.";

    [Fact]
    public async Task A_copys_site_template_is_not_commentary_whichever_of_its_sites_pages_arrives_first()
    {
        // The copy's site leaves the same closing paragraph on every page; until another page of the site is archived it
        // reads as the copier's own words, afterwards as its template.
        var (origin, courier) = Outlets("early");
        var story = new Story(201, "Dockworkers vote to end the strike");
        await UploadAsync(origin.Url("dock-strike"), origin.Page(story.Title, story.Paragraphs, Published));
        var copy = await UploadAsync(courier.Url("dock-strike"), courier.Page(story.Title, story.Paragraphs, Published.AddHours(5), after: $"<p>{Boilerplate}</p>"));
        Assert.Equal("commentary", Lineage(copy).GetProperty("reuse").GetString());

        await UploadAsync(courier.Url("lighthouse"), courier.Page("Lighthouse reopens", new Story(202, "x").Paragraphs, Published, after: $"<p>{Boilerplate}</p>"));

        Assert.Equal("verbatim", Lineage(await GetAsync(Id(copy))).GetProperty("reuse").GetString());

        var (origin2, courier2) = Outlets("late");
        var story2 = new Story(203, "Harbour pilots win their pay claim");
        await UploadAsync(courier2.Url("lighthouse"), courier2.Page("Lighthouse reopens", new Story(204, "x").Paragraphs, Published, after: $"<p>{Boilerplate}</p>"));
        await UploadAsync(origin2.Url("pilots"), origin2.Page(story2.Title, story2.Paragraphs, Published));
        var copy2 = await UploadAsync(courier2.Url("pilots"), courier2.Page(story2.Title, story2.Paragraphs, Published.AddHours(5), after: $"<p>{Boilerplate}</p>"));

        Assert.Equal("verbatim", Lineage(copy2).GetProperty("reuse").GetString());
        Assert.Contains(Lineage(copy2).GetProperty("evidence").EnumerateArray(),
            e => e.GetProperty("type").GetString() == "reuse" && e.GetProperty("detail").GetString()!.Contains("1 of its site's template", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_attributed_copy_with_commentary_reports_both_axes_in_the_article_the_tree_and_the_audit()
    {
        var (origin, courier) = Outlets("axes");
        var story = new Story(205, "Senate delays the pension reform");
        var source = await UploadAsync(origin.Url("pensions"), origin.Page(story.Title, story.Paragraphs, Published));
        var copy = await UploadAsync(courier.Url("pensions"), courier.Page(story.Title, story.Paragraphs, Published.AddDays(1),
            after: $"<p>Quelle: {origin.Name}</p><p>We think the senators owe the pensioners of this province a clear answer before the winter "
                + "session ends, and a date for the vote they keep promising.</p>"));

        var lineage = Lineage(copy);
        Assert.Equal("attribution", lineage.GetProperty("declaredBy").GetString());
        Assert.Equal("commentary", lineage.GetProperty("reuse").GetString());
        Assert.Equal("commentary", lineage.GetProperty("kind").GetString());

        var tree = await (await _client.GetAsync($"/api/articles/{Id(source)}/lineage")).ReadJsonAsync(HttpStatusCode.OK);
        var node = tree.GetProperty("root").GetProperty("republications")[0];
        Assert.Equal("attribution", node.GetProperty("declaredBy").GetString());
        Assert.Equal("commentary", node.GetProperty("reuse").GetString());

        var audit = await (await _client.GetAsync("/api/audit/republications?declaredBy=attribution&reuse=commentary")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), r => r.GetProperty("republication").GetProperty("articleId").GetGuid() == Id(copy));
        var verbatim = await (await _client.GetAsync("/api/audit/republications?reuse=verbatim")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(verbatim.GetProperty("items").EnumerateArray(), r => r.GetProperty("republication").GetProperty("articleId").GetGuid() == Id(copy));
    }

    [Theory]
    [InlineData("/api/audit/republications?declaredBy=rumour")]
    [InlineData("/api/audit/republications?reuse=stolen")]
    [InlineData("/api/audit/republications?basis=believed")]
    public async Task Unknown_axis_values_get_a_problem(string path) =>
        await (await _client.GetAsync(path)).ReadProblemAsync(HttpStatusCode.BadRequest);

    private static (Outlet Origin, Outlet Courier) Outlets(string tag) =>
        (new Outlet($"Tidewater Post {tag}", $"tidewater-{tag}.example"), new Outlet($"Coastline Courier {tag}", $"courier-{tag}.example"));

    private async Task<JsonElement> UploadAsync(string url, string html) =>
        await (await _client.PostJsonAsync("/api/captures", new { url, html })).ReadJsonAsync(HttpStatusCode.Created);

    private async Task<JsonElement> GetAsync(Guid id) => await (await _client.GetAsync($"/api/articles/{id}")).ReadJsonAsync(HttpStatusCode.OK);

    private static JsonElement Lineage(JsonElement article) => article.GetProperty("lineage");

    private static Guid Id(JsonElement article) => article.GetProperty("id").GetGuid();
}
