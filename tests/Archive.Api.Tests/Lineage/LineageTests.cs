using System.Net;
using System.Text.Json;
using Archive.Api.Lineage;
using Archive.Api.Tests.Infrastructure;
using Archive.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Api.Tests.Lineage;

public sealed class LineageTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private static readonly DateTimeOffset Published = new(2024, 3, 4, 9, 0, 0, TimeSpan.FromHours(-5));
    private static readonly Outlet Origin = new("Harbour Gazette", "harbourgazette.com");
    private static readonly Outlet Copier = new("Daily Echo", "dailyecho.net");
    private static readonly Outlet Blog = new("Frank Opinions", "frankopinions.org");
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task A_silent_verbatim_copy_is_linked_to_the_earlier_original()
    {
        var story = new Story(1, "Council approves harbour budget");
        var origin = await UploadAsync(Origin.Url("harbour-budget"), Origin.Page(story.Title, story.Paragraphs, Published));
        var copy = await UploadAsync(Copier.Url("harbour-budget-copy"), Copier.Page(story.Title, story.Paragraphs, Published.AddHours(6)));

        var lineage = copy.GetProperty("lineage");
        Assert.Equal("verbatim", lineage.GetProperty("kind").GetString());
        Assert.Equal(Id(origin), lineage.GetProperty("derivedFrom").GetProperty("articleId").GetGuid());
        Assert.Equal(Id(origin), lineage.GetProperty("origin").GetProperty("articleId").GetGuid());
        Assert.True(lineage.GetProperty("similarity").GetDouble() > 0.95);
        var originLineage = (await GetAsync(Id(origin))).GetProperty("lineage");
        Assert.Equal("origin", originLineage.GetProperty("kind").GetString());
        Assert.Equal(Id(copy), originLineage.GetProperty("republications")[0].GetProperty("articleId").GetGuid());
    }

    [Fact]
    public async Task An_attributed_copy_records_its_attribution_line_as_evidence()
    {
        var story = new Story(2, "Railway strike delays grain exports");
        var origin = await UploadAsync(Origin.Url("railway-strike"), Origin.Page(story.Title, story.Paragraphs, Published));
        var copy = await UploadAsync(Copier.Url("railway-strike"), Copier.Page(story.Title, story.Paragraphs, Published.AddDays(1),
            after: $"<p>Source: {Origin.Name}</p>"));

        var lineage = copy.GetProperty("lineage");
        Assert.Equal("attributed", lineage.GetProperty("kind").GetString());
        Assert.Equal(Id(origin), lineage.GetProperty("derivedFrom").GetProperty("articleId").GetGuid());
        Assert.Contains(Evidence(lineage), e => e.Detail.Contains(Origin.Name, StringComparison.Ordinal));
        Assert.DoesNotContain("Source:", copy.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copy_with_added_commentary_shows_the_commentary_in_its_diff()
    {
        var story = new Story(3, "Inquiry questions refinery contract");
        var commentary = "The important thing here is that the inquiry finally asks who signed the contract and why the tender was delayed.";
        var origin = await UploadAsync(Origin.Url("refinery-inquiry"), Origin.Page(story.Title, story.Paragraphs, Published));
        var copy = await UploadAsync(Blog.Url("refinery-inquiry"), Blog.Page(story.Title, story.Paragraphs, Published.AddDays(2),
            after: $"<p>Source: {Origin.Name}</p><p>{commentary}</p><p>Maybe next year the auditors will be allowed to publish the whole report.</p>"));

        var lineage = copy.GetProperty("lineage");
        Assert.Equal("commentary", lineage.GetProperty("kind").GetString());
        Assert.Equal(Id(origin), lineage.GetProperty("derivedFrom").GetProperty("articleId").GetGuid());
        var tree = await (await _client.GetAsync($"/api/articles/{Id(copy)}/lineage")).ReadJsonAsync(HttpStatusCode.OK);
        var node = tree.GetProperty("root").GetProperty("republications")[0];
        Assert.Equal(Id(copy), node.GetProperty("article").GetProperty("articleId").GetGuid());
        Assert.Contains(node.GetProperty("diff").GetProperty("added").EnumerateArray(),
            p => p.GetString()!.Contains("the inquiry finally asks", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_excerpt_with_a_read_more_link_is_an_excerpt_of_the_original()
    {
        var story = new Story(4, "Flood inspectors report on river bridge", paragraphs: 10);
        var originUrl = Origin.Url("river-bridge");
        var origin = await UploadAsync(originUrl, Origin.Page(story.Title, story.Paragraphs, Published));
        var copy = await UploadAsync(Copier.Url("river-bridge-excerpt"), Copier.Page(story.Title, story.Paragraphs.Take(3), Published.AddHours(3),
            after: $"<p>Read more: <a href=\"{originUrl}\">{Origin.Name} – {story.Title}</a></p>"));

        var lineage = copy.GetProperty("lineage");
        Assert.Equal("excerpt", lineage.GetProperty("kind").GetString());
        Assert.Equal(Id(origin), lineage.GetProperty("derivedFrom").GetProperty("articleId").GetGuid());
        Assert.True(lineage.GetProperty("containment").GetDouble() > 0.9);
    }

    [Fact]
    public async Task An_edited_rewrite_is_linked_as_edited()
    {
        var story = new Story(5, "Senate narrowly passes pension reform", paragraphs: 10);
        var edited = story.Paragraphs.ToList();
        edited.RemoveAt(7);
        (edited[2], edited[3]) = (edited[3], edited[2]);
        edited[5] = edited[5].Replace("council", "assembly", StringComparison.Ordinal).Replace("minister", "secretary", StringComparison.Ordinal);
        edited[0] = string.Join(". ", edited[0].Split(". ").Skip(1));
        var origin = await UploadAsync(Origin.Url("pension-reform"), Origin.Page(story.Title, story.Paragraphs, Published));
        var copy = await UploadAsync(Copier.Url("pension-vote"), Copier.Page("Pension reform squeaks through senate", edited, Published.AddDays(1)));

        var lineage = copy.GetProperty("lineage");
        Assert.Equal("edited", lineage.GetProperty("kind").GetString());
        Assert.Equal(Id(origin), lineage.GetProperty("derivedFrom").GetProperty("articleId").GetGuid());
    }

    [Theory]
    [InlineData("canonical")]
    [InlineData("isBasedOn")]
    public async Task A_copy_that_declares_its_source_only_in_markup_is_linked_by_it(string declaration)
    {
        var story = new Story(declaration == "canonical" ? 6 : 7, $"Museum archive reopens ({declaration})");
        var originUrl = Origin.Url($"museum-{declaration}");
        var head = declaration == "canonical"
            ? $"<link rel=\"canonical\" href=\"{originUrl}\">"
            : $$"""<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","isBasedOn":"{{originUrl}}"}</script>""";
        var origin = await UploadAsync(originUrl, Origin.Page(story.Title, story.Paragraphs, Published));
        var copy = await UploadAsync(Copier.Url($"museum-{declaration}"), Copier.Page(story.Title, story.Paragraphs, Published.AddHours(2), head: head));

        var lineage = copy.GetProperty("lineage");
        Assert.Equal("markup", lineage.GetProperty("kind").GetString());
        Assert.Equal(Id(origin), lineage.GetProperty("derivedFrom").GetProperty("articleId").GetGuid());
        Assert.Contains(Evidence(lineage), e => string.Equals(e.Type, declaration, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_copy_archived_before_its_original_is_relinked_when_the_original_arrives()
    {
        var story = new Story(8, "Ferry union signs wage treaty");
        var copy = await UploadAsync(Copier.Url("ferry-union"), Copier.Page(story.Title, story.Paragraphs, Published.AddDays(1),
            after: $"<p>Source: {Origin.Name}</p>"));
        Assert.Equal(JsonValueKind.Null, copy.GetProperty("lineage").GetProperty("origin").ValueKind);
        // Read (and so cached) before the origin arrives: the origin's arrival must not leave a stale answer behind.
        Assert.Equal(JsonValueKind.Null, (await GetAsync(Id(copy))).GetProperty("lineage").GetProperty("origin").ValueKind);
        var treeBefore = await (await _client.GetAsync($"/api/articles/{Id(copy)}/lineage")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, treeBefore.GetProperty("members").GetInt32());

        var origin = await UploadAsync(Origin.Url("ferry-union"), Origin.Page(story.Title, story.Paragraphs, Published));

        var relinked = (await GetAsync(Id(copy))).GetProperty("lineage");
        Assert.Equal(Id(origin), relinked.GetProperty("origin").GetProperty("articleId").GetGuid());
        Assert.Equal(Id(origin), relinked.GetProperty("derivedFrom").GetProperty("articleId").GetGuid());
        var treeAfter = await (await _client.GetAsync($"/api/articles/{Id(copy)}/lineage")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, treeAfter.GetProperty("members").GetInt32());
    }

    [Fact]
    public async Task A_copy_of_a_copy_names_the_copy_as_parent_and_the_original_as_origin()
    {
        var story = new Story(9, "Governor denies mining license");
        var origin = await UploadAsync(Origin.Url("mining-license"), Origin.Page(story.Title, story.Paragraphs, Published));
        var middle = await UploadAsync(Blog.Url("mining-license"), Blog.Page(story.Title, story.Paragraphs, Published.AddDays(1),
            after: $"<p>Source: {Origin.Name}</p><p>Our view: the governor was right to deny the license, and the mining lobby knows it well.</p>"));
        // The third page copies the blog, commentary included, and credits the blog.
        var third = await UploadAsync(Copier.Url("mining-license-repost"), Copier.Page(story.Title,
            [.. story.Paragraphs, "Our view: the governor was right to deny the license, and the mining lobby knows it well."],
            Published.AddDays(2), after: $"<p>Via {Blog.Name}</p>"));

        var lineage = (await GetAsync(Id(third))).GetProperty("lineage");
        Assert.Equal(Id(middle), lineage.GetProperty("derivedFrom").GetProperty("articleId").GetGuid());
        Assert.Equal(Id(origin), lineage.GetProperty("origin").GetProperty("articleId").GetGuid());
        var tree = await (await _client.GetAsync($"/api/articles/{Id(third)}/lineage")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, tree.GetProperty("members").GetInt32());
        Assert.Equal(Id(middle), tree.GetProperty("root").GetProperty("republications")[0].GetProperty("article").GetProperty("articleId").GetGuid());
    }

    [Fact]
    public async Task Quoting_one_paragraph_sharing_a_template_or_a_topic_is_not_republication()
    {
        var story = new Story(10, "Drought empties northern reservoir");
        var other = new Story(11, "Drought reaches the southern province");
        var unrelated = new Story(12, "Copper prices climb on export news");
        await UploadAsync(Origin.Url("reservoir"), Origin.Page(story.Title, story.Paragraphs, Published));
        var quoting = await UploadAsync(Copier.Url("southern-drought"), Copier.Page(other.Title, other.Paragraphs, Published.AddDays(1),
            after: $"<p>As the {Origin.Name} reported:</p><blockquote><p>{story.Paragraphs[2]}</p></blockquote>"));
        var sameTemplate = await UploadAsync(Origin.Url("copper"), Origin.Page(unrelated.Title, unrelated.Paragraphs, Published.AddDays(1)));

        Assert.Equal(JsonValueKind.Null, quoting.GetProperty("lineage").GetProperty("origin").ValueKind);
        Assert.Equal(JsonValueKind.Null, sameTemplate.GetProperty("lineage").GetProperty("origin").ValueKind);
    }

    [Fact]
    public async Task Copies_uploaded_at_the_same_time_as_their_original_all_join_its_family()
    {
        // Unrelated stories take the shared path while the copies race for the family; none may be missed or misfiled.
        var story = new Story(14, "Harbour pilots vote to strike");
        var copiers = Enumerable.Range(1, 6).Select(i => new Outlet($"Racing Copier {i}", $"racingcopier{i}.net")).ToList();
        var uploads = new List<Task<JsonElement>>
        {
            UploadAsync(Origin.Url("pilots-strike"), Origin.Page(story.Title, story.Paragraphs, Published)),
        };
        uploads.AddRange(copiers.Select((c, i) => UploadAsync(c.Url("pilots-strike"),
            c.Page(story.Title, story.Paragraphs, Published.AddHours(i + 1), after: $"<p>Source: {Origin.Name}</p>"))));
        uploads.AddRange(Enumerable.Range(0, 6).Select(i =>
        {
            var unrelated = new Story(100 + i, $"Unrelated council story {i}");
            return UploadAsync(Blog.Url($"unrelated-{i}"), Blog.Page(unrelated.Title, unrelated.Paragraphs, Published));
        }));
        var articles = await Task.WhenAll(uploads);

        var origin = Id(articles[0]);
        var tree = await (await _client.GetAsync($"/api/articles/{origin}/lineage")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1 + copiers.Count, tree.GetProperty("members").GetInt32());
        foreach (var copy in articles.Skip(1).Take(copiers.Count))
        {
            var lineage = (await GetAsync(Id(copy))).GetProperty("lineage");
            Assert.Equal(origin, lineage.GetProperty("origin").GetProperty("articleId").GetGuid());
        }
        foreach (var unrelated in articles.Skip(1 + copiers.Count))
        {
            Assert.Equal(JsonValueKind.Null, (await GetAsync(Id(unrelated))).GetProperty("lineage").GetProperty("origin").ValueKind);
        }
    }

    [Fact]
    public async Task A_copy_joining_a_family_writes_its_own_link_and_leaves_the_others_as_they_were()
    {
        // The family is resolved again from all its members, but only links that changed are written: the rows (and the
        // lock's hold) of an update do not grow with the family.
        var story = new Story(16, "Grain tariff ruling appealed");
        var origin = Id(await UploadAsync(Origin.Url("tariff-ruling"), Origin.Page(story.Title, story.Paragraphs, Published)));
        var copiers = Enumerable.Range(1, 4).Select(i => new Outlet($"Tariff Copier {i}", $"tariffcopier{i}.net")).ToList();
        var copies = new List<Guid>();
        foreach (var (copier, i) in copiers.Take(3).Select((c, i) => (c, i)))
        {
            copies.Add(Id(await UploadAsync(copier.Url("tariff-ruling"),
                copier.Page(story.Title, story.Paragraphs, Published.AddHours(i + 1), after: $"<p>Source: {Origin.Name}</p>"))));
        }
        var before = await LinkRowVersionsAsync(copies);

        var last = await UploadAsync(copiers[3].Url("tariff-ruling"),
            copiers[3].Page(story.Title, story.Paragraphs, Published.AddHours(4), after: $"<p>Source: {Origin.Name}</p>"));

        Assert.Equal(origin, last.GetProperty("lineage").GetProperty("origin").GetProperty("articleId").GetGuid());
        Assert.Equal(3, before.Count);
        Assert.Equal(before, await LinkRowVersionsAsync(copies));
        var tree = await (await _client.GetAsync($"/api/articles/{origin}/lineage")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(5, tree.GetProperty("members").GetInt32());
    }

    /// <summary>Each link's row version (xmin): a link deleted and written again, even unchanged, gets a new one.</summary>
    private async Task<List<string>> LinkRowVersionsAsync(List<Guid> republications)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArchiveDbContext>();
        Guid[] ids = [.. republications];
        return await db.Database.SqlQuery<string>(
            $"SELECT republication_id::text || ' ' || xmin::text AS \"Value\" FROM lineage_links WHERE republication_id = ANY({ids}) ORDER BY 1")
            .ToListAsync();
    }

    [Fact]
    public async Task Lineage_an_interrupted_ingest_owed_is_run_by_the_sweeper()
    {
        var story = new Story(15, "Fishing quota talks collapse");
        var origin = await UploadAsync(Origin.Url("quota-talks"), Origin.Page(story.Title, story.Paragraphs, Published));
        var copy = await UploadAsync(Copier.Url("quota-talks"), Copier.Page(story.Title, story.Paragraphs, Published.AddHours(3)));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArchiveDbContext>();
        Assert.False(await db.PendingLineage.AnyAsync(p => p.ArticleId == Id(origin) || p.ArticleId == Id(copy)));

        // What a process killed between storing the copy and its lineage update leaves: the version and the owed row, no
        // keys, pairs or links.
        await db.Database.ExecuteSqlAsync($"""
            DELETE FROM lineage_links WHERE republication_id = {Id(copy)};
            DELETE FROM story_pairs WHERE article_a = {Id(copy)} OR article_b = {Id(copy)};
            DELETE FROM fingerprint_keys WHERE article_id = {Id(copy)};
            INSERT INTO pending_lineage (article_id, queued_at) VALUES ({Id(copy)}, now() - interval '10 minutes')
            """);
        var sweeper = factory.Services.GetRequiredService<LineageSweeper>();
        Assert.True(await sweeper.SweepOnceAsync(CancellationToken.None) >= 1);

        var lineage = (await GetAsync(Id(copy))).GetProperty("lineage");
        Assert.Equal(Id(origin), lineage.GetProperty("origin").GetProperty("articleId").GetGuid());
        Assert.False(await db.PendingLineage.AnyAsync(p => p.ArticleId == Id(copy)));
    }

    [Fact]
    public async Task The_audit_lists_who_republished_whom_and_filters_by_outlet_and_kind()
    {
        var story = new Story(13, "Airport runway tender signed");
        await UploadAsync(Origin.Url("runway"), Origin.Page(story.Title, story.Paragraphs, Published));
        await UploadAsync("https://www.auditcopier.info/runway", new Outlet("Audit Copier", "auditcopier.info")
            .Page(story.Title, story.Paragraphs, Published.AddDays(1), after: $"<p>Source: {Origin.Name}</p>"));

        var rows = await (await _client.GetAsync("/api/audit/republications?publisher=auditcopier.info")).ReadJsonAsync(HttpStatusCode.OK);
        var row = Assert.Single(rows.GetProperty("items").EnumerateArray());
        Assert.Equal("https://www.auditcopier.info/runway", row.GetProperty("republication").GetProperty("url").GetString());
        Assert.Equal(Origin.Name, row.GetProperty("derivedFrom").GetProperty("publisher").GetProperty("name").GetString());
        Assert.Equal("attributed", row.GetProperty("kind").GetString());

        var none = await (await _client.GetAsync("/api/audit/republications?publisher=auditcopier.info&kind=excerpt")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, none.GetProperty("total").GetInt32());
        var csv = await (await _client.GetAsync("/api/audit/republications?publisher=auditcopier.info&format=csv")).Content.ReadAsStringAsync();
        Assert.StartsWith("republication_url,", csv, StringComparison.Ordinal);
        Assert.Contains("https://www.auditcopier.info/runway,Audit Copier,", csv, StringComparison.Ordinal);

        var matrix = await (await _client.GetAsync("/api/audit/matrix")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains(matrix.GetProperty("cells").EnumerateArray(), c =>
            c.GetProperty("republisher").GetProperty("name").GetString() == "Audit Copier"
            && c.GetProperty("source").GetProperty("name").GetString() == Origin.Name && c.GetProperty("count").GetInt32() == 1);
        var outlet = row.GetProperty("derivedFrom").GetProperty("publisher").GetProperty("id").GetGuid();
        var audit = await (await _client.GetAsync($"/api/audit/publishers/{outlet}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains(audit.GetProperty("republishedBy").EnumerateArray(),
            c => c.GetProperty("publisher").GetProperty("name").GetString() == "Audit Copier");
    }

    [Theory]
    [InlineData("/api/audit/republications?kind=stolen")]
    [InlineData("/api/audit/republications?format=xml")]
    [InlineData("/api/audit/republications?pageSize=0")]
    [InlineData("/api/audit/republications?from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z")]
    public async Task Bad_audit_filters_get_a_problem(string path) =>
        await (await _client.GetAsync(path)).ReadProblemAsync(HttpStatusCode.BadRequest);

    private async Task<JsonElement> UploadAsync(string url, string html) =>
        await (await _client.PostJsonAsync("/api/captures", new { url, html })).ReadJsonAsync(HttpStatusCode.Created);

    private async Task<JsonElement> GetAsync(Guid id) => await (await _client.GetAsync($"/api/articles/{id}")).ReadJsonAsync(HttpStatusCode.OK);

    private static Guid Id(JsonElement article) => article.GetProperty("id").GetGuid();

    private static List<(string Type, string Detail)> Evidence(JsonElement lineage) =>
        [.. lineage.GetProperty("evidence").EnumerateArray().Select(e => (e.GetProperty("type").GetString()!, e.GetProperty("detail").GetString()!))];
}
