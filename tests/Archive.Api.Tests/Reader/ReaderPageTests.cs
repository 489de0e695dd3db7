using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Lineage;
using Archive.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Api.Tests.Reader;

public sealed partial class ReaderPageTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private static readonly DateTimeOffset Published = new(2024, 6, 1, 7, 0, 0, TimeSpan.Zero);
    private static readonly Outlet Gazette = new("Harbour Gazette", "harbourgazette.com");
    private static readonly Outlet Echo = new("Daily Echo", "dailyecho.net");
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Every_page_is_HTML_with_a_CSP_that_allows_no_script_nosniff_and_no_framing()
    {
        var id = await UploadAsync(Gazette.Url("quay"), Gazette.Page("Quay wall repaired", new Story(50, "x").Paragraphs, Published));
        var publisher = await PublisherOfAsync(id);
        foreach (var path in new[] { "/", "/search?q=quay", $"/articles/{id}", $"/publishers/{publisher}", "/audit", "/submit" })
        {
            var response = await _client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.False(response.Headers.Contains("Server-Timing"), $"{path} tells its timing though ServerTiming is off");
            var document = await ParseAsync(response);
            Assert.Empty(document.Scripts);
        }
    }

    [Fact]
    public async Task A_hostile_page_is_shown_as_sanitised_text_with_nothing_that_runs_or_styles()
    {
        var hostile = new[]
        {
            "The harbour board met on Monday <script>alert('x')</script> and approved the plan for the northern quay.",
            "Residents <img src=x onerror=alert(1)> asked questions about the dredging <a href=\"javascript:alert(1)\">schedule</a> and costs.",
            "A <a href=\"https://example.org/report\" onclick=\"steal()\" style=\"position:fixed\">published report</a> sets out the figures in detail.",
            "The <iframe src=\"https://evil.example/\"></iframe> chair <svg onload=alert(1)><circle/></svg> thanked the <b id=\"main\" class=\"skip\">divers</b>.",
            "Relative links such as <a href=\"/api/keys\">this one</a> would point into the archive and are made inert.",
        };
        var html = Gazette.Page("Board approves <quay> plan", hostile, Published).Replace("<p>", "<p>", StringComparison.Ordinal);
        // Build the page by hand: Outlet.Page encodes paragraphs, and this test needs the markup to reach the cleaner raw.
        html = html.Replace(string.Join("\n", hostile.Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>")),
            string.Join("\n", hostile.Select(p => $"<p>{p}</p>")), StringComparison.Ordinal);
        var id = await UploadAsync(Gazette.Url("hostile-board"), html);

        var document = await ParseAsync(await _client.GetAsync($"/articles/{id}"));
        var clean = document.QuerySelector("article.clean")!;

        Assert.Contains("approved the plan for the northern quay", clean.TextContent, StringComparison.Ordinal);
        Assert.Empty(document.Scripts);
        Assert.Empty(document.QuerySelectorAll("iframe, object, embed, svg script, img, style, link[rel=import]"));
        Assert.Empty(clean.QuerySelectorAll("svg, form, input, button"));
        foreach (var element in clean.QuerySelectorAll("*"))
        {
            Assert.DoesNotContain(element.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)
                || a.Name is "style" or "class" or "id" or "src");
        }
        var links = clean.QuerySelectorAll("a[href]").Cast<IHtmlAnchorElement>().ToList();
        Assert.Contains(links, a => a.GetAttribute("href") == "https://example.org/report");
        Assert.All(links, a =>
        {
            Assert.Matches("^https?://", a.GetAttribute("href")!);
            Assert.Equal("nofollow noopener noreferrer ugc", a.GetAttribute("rel"));
        });
        Assert.Equal("Board approves <quay> plan", document.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task The_raw_capture_the_page_links_downloads_as_a_sandboxed_attachment_and_never_renders_on_this_origin()
    {
        var id = await UploadAsync(Gazette.Url("raw-script"), Gazette.Page("Harbour dues", new Story(52, "x").Paragraphs, Published)
            .Replace("</body>", "<script>document.title='ran'</script></body>", StringComparison.Ordinal));
        var link = (await ParseAsync(await _client.GetAsync($"/articles/{id}"))).QuerySelector("ul.downloads a[href$='/raw']")!;

        var raw = await _client.GetAsync(link.GetAttribute("href"));

        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Contains("<script>", await raw.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("attachment", raw.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(link.GetAttribute("download"), raw.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.StartsWith("sandbox", string.Join(";", raw.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("nosniff", raw.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Unknown_ids_are_404_pages_not_problem_json()
    {
        foreach (var path in new[] { $"/articles/{Guid.NewGuid()}", $"/publishers/{Guid.NewGuid()}", $"/jobs/{Guid.NewGuid()}", $"/batches/{Guid.NewGuid()}" })
        {
            var response = await _client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Bad_search_and_audit_filters_keep_the_form_and_say_what_is_wrong()
    {
        var search = await _client.GetAsync("/search?q=harbour&from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, search.StatusCode);
        Assert.Contains("from must be a date", (await ParseAsync(search)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        var audit = await _client.GetAsync("/audit?kind=stolen");
        Assert.Equal(HttpStatusCode.BadRequest, audit.StatusCode);
        Assert.NotNull((await ParseAsync(audit)).QuerySelector("form.filters"));
        var outlet = await _client.GetAsync("/search?q=harbour&publisher=nowhere.example");
        Assert.Equal(HttpStatusCode.NotFound, outlet.StatusCode);
    }

    [Fact]
    public async Task The_article_page_draws_the_family_with_one_edge_per_link_and_a_list_below()
    {
        var story = new Story(51, "Senate passes port reform");
        var origin = await UploadAsync(Gazette.Url("port-reform"), Gazette.Page(story.Title, story.Paragraphs, Published));
        var copy = await UploadAsync(Echo.Url("port-reform"), Echo.Page(story.Title, story.Paragraphs, Published.AddHours(5)));

        var document = await ParseAsync(await _client.GetAsync($"/articles/{copy}"));

        var edge = Assert.Single(document.QuerySelectorAll("svg#lineage-graph g.edge"));
        Assert.Equal("verbatim", edge.GetAttribute("data-kind"));
        Assert.Equal(origin.ToString(), edge.GetAttribute("data-from"));
        Assert.Equal(copy.ToString(), edge.GetAttribute("data-to"));
        Assert.Contains("similarity", edge.QuerySelector("title")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, document.QuerySelectorAll("svg#lineage-graph g.node a[href^='/articles/']").Length);
        Assert.NotNull(document.QuerySelector($"ol.family li[data-article='{origin}'] li[data-article='{copy}'][data-kind=verbatim]"));
    }

    [Fact]
    public async Task Every_link_of_the_family_shows_the_evidence_the_API_answers_in_its_hover_text_and_in_the_list()
    {
        // The page reads its own projection of the family (ArticlePageReads), not the API's answer: this pins that every link
        // still shows all of its evidence, in order, and the article's own link its bases and claimants.
        var story = new Story(53, "Harbour dredging contract signed");
        var tide = new Outlet("Tide Courier", "tidecourier.example");
        var origin = await UploadAsync(Gazette.Url("dredging"), Gazette.Page(story.Title, story.Paragraphs, Published));
        var attributed = await UploadAsync(Echo.Url("dredging"),
            Echo.Page(story.Title, story.Paragraphs, Published.AddHours(3), after: "<p>Source: Harbour Gazette</p>"));
        var excerpt = await UploadAsync(tide.Url("dredging"), tide.Page(story.Title, story.Paragraphs.Take(2), Published.AddHours(6),
            after: $"<p>Read more: <a href=\"{Gazette.Url("dredging")}\">Harbour Gazette</a></p>"));
        var tree = await (await _client.GetAsync($"/api/articles/{origin}/lineage")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, tree.GetProperty("members").GetInt32());

        foreach (var shown in new[] { origin, attributed, excerpt })
        {
            var document = await ParseAsync(await _client.GetAsync($"/articles/{shown}"));
            var links = 0;
            var nodes = new Stack<JsonElement>([tree.GetProperty("root")]);
            while (nodes.TryPop(out var node))
            {
                foreach (var copy in node.GetProperty("republications").EnumerateArray())
                {
                    nodes.Push(copy);
                }
                var id = node.GetProperty("article").GetProperty("articleId").GetString();
                var evidence = node.GetProperty("evidence").EnumerateArray()
                    .Select(e => $"{e.GetProperty("type").GetString()}: {e.GetProperty("detail").GetString()}").ToList();
                var items = document.QuerySelectorAll($"ol.family li[data-article='{id}'] > ul.evidence > li").Select(li => li.TextContent).ToList();
                Assert.Equal(evidence, items);
                if (node.GetProperty("kind").GetString() == "origin")
                {
                    continue;
                }
                links++;
                Assert.NotEmpty(evidence);
                var title = document.QuerySelector($"svg#lineage-graph g.edge[data-to='{id}'] > title")!.TextContent;
                Assert.EndsWith("; evidence: " + string.Join("; ", evidence), title, StringComparison.Ordinal);
            }
            Assert.Equal(2, links);

            var own = (await (await _client.GetAsync($"/api/articles/{shown}")).ReadJsonAsync(HttpStatusCode.OK)).GetProperty("lineage");
            var why = document.QuerySelectorAll("h3 + ul > li").Where(li => li.ParentElement!.PreviousElementSibling!.TextContent == "Why we think so")
                .Select(li => string.Join(" | ", li.Children.Select(c => c.TextContent)) + " | "
                    + li.TextContent[(li.TextContent.IndexOf(li.QuerySelector("strong")!.TextContent + ": ", StringComparison.Ordinal) + li.QuerySelector("strong")!.TextContent.Length)..])
                .ToList();
            var expected = own.GetProperty("evidence").EnumerateArray().Select(e =>
            {
                var claimed = e.TryGetProperty("basis", out var basis) && basis.GetString() == "claimed";
                var by = e.TryGetProperty("by", out var key) && key.ValueKind == JsonValueKind.String ? $" by the key “{key.GetString()}”" : "";
                var type = e.GetProperty("type").GetString();
                return $"{(type == "text" ? "measured" : "stated by the pages")}{(claimed ? $" | claimed{by}" : "")} | {type} | : {e.GetProperty("detail").GetString()}";
            }).ToList();
            Assert.Equal(expected, why);
            // Read as text (a screen reader, a copy and paste), the badges and the type are separate words.
            var spoken = document.QuerySelectorAll("h3 + ul > li").Where(li => li.ParentElement!.PreviousElementSibling!.TextContent == "Why we think so")
                .Select(li => li.TextContent).ToList();
            Assert.Equal(expected.Select(e => e.Replace(" | : ", ": ", StringComparison.Ordinal).Replace(" | ", " ", StringComparison.Ordinal)), spoken);
            Assert.Equal(shown == origin, expected.Count == 0);
        }
    }

    [Fact]
    public async Task An_outlet_name_with_markup_characters_is_text_in_the_graph_and_the_family_list()
    {
        // The graph and the list are written as markup by hand (LineageMarkup), not by the renderer: every value must still be
        // encoded as the renderer encodes it.
        const string name = "Kai & Lee's <b>Tide</b> \"Zürich\"";
        var tide = new Outlet(WebUtility.HtmlEncode(name), "kaileetide.ch");
        var story = new Story(52, "Ferry pier reopens after repairs");
        var origin = await UploadAsync(Gazette.Url("pier-reopens"), Gazette.Page(story.Title, story.Paragraphs, Published));
        var copy = await UploadAsync(tide.Url("pier-reopens"), tide.Page(story.Title, story.Paragraphs, Published.AddHours(2)));

        var document = await ParseAsync(await _client.GetAsync($"/articles/{origin}"));

        var node = Assert.Single(document.QuerySelectorAll($"svg#lineage-graph g.node[data-article='{copy}']"));
        Assert.Equal(name, node.QuerySelector("text.name")!.TextContent);
        Assert.StartsWith(name + ", ", node.QuerySelector("a")!.GetAttribute("aria-label"), StringComparison.Ordinal);
        Assert.StartsWith(name + ", ", node.QuerySelector("title")!.TextContent, StringComparison.Ordinal);
        var edge = Assert.Single(document.QuerySelectorAll("svg#lineage-graph g.edge"));
        Assert.StartsWith(name + " took this story from Harbour Gazette: ", edge.QuerySelector("title")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(name, document.QuerySelector($"ol.family li[data-article='{copy}'] > a")!.TextContent);
        Assert.Empty(document.QuerySelectorAll("svg#lineage-graph b, ol.family b"));
    }

    [Fact]
    public async Task Two_versions_are_compared_word_by_word()
    {
        var story = new Story(52, "Museum reopens its archive");
        var url = Gazette.Url("museum-archive");
        var edited = story.Paragraphs.ToList();
        edited[2] = "Entirely new paragraph about the opening hours of the reading room and its visitors.";
        edited[4] = string.Concat(edited[4].AsSpan(0, edited[4].IndexOf(' ', StringComparison.Ordinal)), " restored", edited[4].AsSpan(edited[4].IndexOf(' ', StringComparison.Ordinal)));
        var id = await UploadAsync(url, Gazette.Page(story.Title, story.Paragraphs, Published), Published.AddHours(1));
        await UploadAsync(url, Gazette.Page(story.Title, edited, Published), Published.AddDays(1));
        var versions = (await ParseAsync(await _client.GetAsync($"/articles/{id}"))).QuerySelectorAll("select#from option")
            .Select(o => o.GetAttribute("value")!).ToList();

        var document = await ParseAsync(await _client.GetAsync($"/articles/{id}?from={versions[0]}&to={versions[1]}"));

        var diff = document.QuerySelector(".diff")!;
        Assert.Contains(diff.QuerySelectorAll("ins"), i => i.TextContent.Contains("restored", StringComparison.Ordinal));
        Assert.Contains(diff.QuerySelectorAll("ins"), i => i.TextContent.Contains("reading room", StringComparison.Ordinal));
        Assert.Contains(diff.QuerySelectorAll("p.removed del"), d => d.TextContent == story.Paragraphs[2]);
        Assert.Empty(diff.QuerySelectorAll("p:empty"));
        Assert.NotEmpty(diff.QuerySelectorAll("p.gap"));
    }

    [Fact]
    public async Task A_form_post_without_its_token_or_a_key_is_refused_and_queues_nothing()
    {
        var noToken = await _client.PostAsync("/submit", new FormUrlEncodedContent([new("urls", "https://example.com/a"),
            new("apiKey", ArchiveApiFactory.AdminKey)]));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);

        var anonymous = factory.CreateClientWithKey(null);
        var (field, token) = await TokenAsync(anonymous);
        var noKey = await anonymous.PostAsync("/submit", new FormUrlEncodedContent([new(field, token), new("urls", "https://example.com/b")]));
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        var badKey = await anonymous.PostAsync("/submit", new FormUrlEncodedContent([new(field, token), new("urls", "https://example.com/c"),
            new("apiKey", "ak_unknown-key-0123456789")]));
        Assert.Equal(HttpStatusCode.Unauthorized, badKey.StatusCode);

        var created = await (await _client.PostJsonAsync("/api/keys", new { name = "reader only", role = "reader" })).ReadJsonAsync(HttpStatusCode.Created);
        var readerKey = created.GetProperty("secret").GetString()!;
        var weakKey = await anonymous.PostAsync("/submit", new FormUrlEncodedContent([new(field, token), new("urls", "https://example.com/d"),
            new("apiKey", readerKey)]));
        Assert.Equal(HttpStatusCode.Forbidden, weakKey.StatusCode);

        await using var scope = factory.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<ArchiveDbContext>().Jobs.AnyAsync(j => j.Url.StartsWith("https://example.com/")));
    }

    [Fact]
    public async Task A_form_post_with_its_token_and_a_submitter_key_queues_a_job_and_shows_its_page()
    {
        var anonymous = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        anonymous.DefaultRequestHeaders.Remove("X-Api-Key");
        var (field, token) = await TokenAsync(anonymous);
        var response = await anonymous.PostAsync("/submit", new FormUrlEncodedContent([new(field, token),
            new("urls", "https://example.net/story-one\nhttps://example.net/story-two\nhttps://example.net/story-one"),
            new("apiKey", ArchiveApiFactory.AdminKey)]));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var batch = response.Headers.Location!.ToString();
        Assert.Matches("^/batches/[0-9a-f-]{36}$", batch);
        var page = await ParseAsync(await anonymous.GetAsync(batch));
        Assert.Equal(2, page.QuerySelectorAll("tbody tr").Length);
        Assert.NotNull(page.QuerySelector("meta[http-equiv=refresh]"));
    }

    private static async Task<(string Field, string Token)> TokenAsync(HttpClient client)
    {
        var form = (await ParseAsync(await client.GetAsync("/submit"))).QuerySelector("form#submit-urls input[type=hidden]")!;
        return (form.GetAttribute("name")!, form.GetAttribute("value")!);
    }

    private async Task<Guid> UploadAsync(string url, string html, DateTimeOffset? capturedAt = null)
    {
        var response = await _client.PostJsonAsync("/api/captures", new { url, html, capturedAt });
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private async Task<Guid> PublisherOfAsync(Guid article) =>
        (await (await _client.GetAsync($"/api/articles/{article}")).ReadJsonAsync(HttpStatusCode.OK)).GetProperty("publisher").GetProperty("id").GetGuid();

    private static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
}
