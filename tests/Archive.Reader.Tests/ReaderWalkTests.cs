using System.Text.RegularExpressions;
using Archive.Reader.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Archive.Reader.Tests;

/// <summary>A reader's walk through the archive in a real browser: search, an article with its family drawn, an outlet,
/// the audit heatmap and its CSV.</summary>
[Collection(ReaderCollection.Name)]
public sealed class ReaderWalkTests(ReaderFixture fixture)
{
    [Fact]
    public async Task Search_leads_to_the_article_its_lineage_graph_the_outlet_the_audit_heatmap_and_the_CSV()
    {
        var (page, errors) = await fixture.NewPageAsync();
        var family = fixture.Family;

        // Search from the home page.
        await page.GotoAsync("/");
        await page.GetByLabel("Search by words, article URL or content hash").FillAsync("\"denies mining license\"");
        await page.GetByLabel("Search by words, article URL or content hash").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/search\\?q=.*mining"));
        var results = page.Locator("ol.results > li");
        await Expect(results).ToHaveCountAsync(family.Articles.Count);
        await Expect(results.First.Locator("mark").First).ToBeVisibleAsync();

        // The copy of a copy, from its result.
        await results.Filter(new() { Has = page.Locator("a", new() { HasText = Family.Valley.Name }) }).Locator("a.title").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/articles/{family.Articles[Family.Valley.Name]}$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(Family.Title);

        // Its family as a graph: every member a node, every link an edge with its kind, the copy of a copy under the copy.
        var graph = page.Locator("svg#lineage-graph");
        await Expect(graph).ToBeVisibleAsync();
        await Expect(graph.Locator("g.node")).ToHaveCountAsync(7);
        await Expect(graph.Locator("g.edge")).ToHaveCountAsync(6);
        var kinds = await graph.Locator("g.edge").EvaluateAllAsync<string[]>("edges => edges.map(e => e.dataset.kind)");
        Assert.Superset(new HashSet<string> { "verbatim", "attributed", "markup", "excerpt", "commentary" }, kinds.ToHashSet());
        var copyOfCopy = graph.Locator($"g.edge[data-to='{family.Articles[Family.Valley.Name]}']");
        await Expect(copyOfCopy).ToHaveAttributeAsync("data-from", family.Articles[Family.Frank.Name].ToString());
        await Expect(graph.Locator($"g.edge[data-to='{family.Articles[Family.Frank.Name]}']"))
            .ToHaveAttributeAsync("data-from", family.Origin.ToString());
        await Expect(graph.Locator($"g.node[data-article='{family.Articles[Family.Valley.Name]}']")).ToHaveClassAsync(new Regex("current"));
        // Hover shows the link's evidence and figures (an SVG title); the same is in the list below.
        await Expect(copyOfCopy.Locator("title")).ToContainTextAsync("similarity");
        await Expect(copyOfCopy.Locator("title")).ToContainTextAsync(Family.Frank.Name);
        await copyOfCopy.Locator("path.hit").HoverAsync(new() { Force = true });
        var list = page.GetByRole(AriaRole.List, new() { Name = "Family tree" });
        await Expect(list.Locator($"li[data-article='{family.Articles[Family.Frank.Name]}'] li[data-article='{family.Articles[Family.Valley.Name]}']"))
            .ToHaveCountAsync(1);

        // The outlet it was taken from, by the graph's node link.
        await graph.Locator($"g.node[data-article='{family.Articles[Family.Frank.Name]}'] a").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/articles/{family.Articles[Family.Frank.Name]}$"));
        await page.Locator("header p.meta a", new() { HasText = Family.Frank.Name }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(Family.Frank.Name);
        await Expect(page.Locator("#by + div table")).ToContainTextAsync(Family.Valley.Name);
        await Expect(page.Locator("#from + div table")).ToContainTextAsync(Family.Gazette.Name);

        // The audit heatmap: the commentator's row and the origin's column meet in a cell that counts one.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Audit" }).ClickAsync();
        var heatmap = page.Locator("table#heatmap");
        await Expect(heatmap).ToBeVisibleAsync();
        var row = heatmap.Locator("tbody tr", new() { Has = page.Locator("th", new() { HasText = Family.Valley.Name }) });
        var cell = row.Locator("td[data-count]");
        await Expect(cell).ToHaveCountAsync(1);
        await Expect(cell).ToHaveAttributeAsync("data-count", "1");
        await Expect(cell).ToHaveClassAsync("h1");
        await cell.Locator("a").ClickAsync();
        await Expect(page.Locator("#republications-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#republications-table tbody")).ToContainTextAsync(Family.Frank.Name);

        // The CSV of what the table shows.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a#csv").ClickAsync());
        var path = await download.PathAsync();
        var csv = (await File.ReadAllLinesAsync(path!)).Where(l => l.Length > 0).ToList();
        Assert.StartsWith("republication_url,", csv[0], StringComparison.Ordinal);
        Assert.Equal(2, csv.Count);
        Assert.Contains(Family.Valley.Url("mining-repost"), csv[1], StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_article_compares_its_two_versions_inline()
    {
        var (page, errors) = await fixture.NewPageAsync();
        await page.GotoAsync($"/articles/{fixture.Family.Origin}");
        await Expect(page.Locator("#versions-heading ~ div table tbody tr")).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show differences" }).ClickAsync();
        var diff = page.Locator(".diff");
        await Expect(diff.Locator("p.changed ins").First).ToContainTextAsync("Officials");
        await Expect(diff.Locator("p.added ins")).ToContainTextAsync(Family.Update);
        await Expect(diff.Locator("p.gap").First).ToBeVisibleAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Every_page_can_be_used_with_the_keyboard_alone()
    {
        var (page, _) = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(":focus")).ToHaveTextAsync("Skip to content");
        await page.Keyboard.PressAsync("Enter");
        // Tab to the big search box, type, submit with Enter; then Tab reaches the first result.
        var box = page.GetByLabel("Search by words, article URL or content hash");
        for (var i = 0; i < 20 && !await box.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        await Expect(box).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("\"denies mining license\"");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("ol.results > li").First).ToBeVisibleAsync();
        var first = page.Locator("ol.results a.title").First;
        for (var i = 0; i < 40 && !await first.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        await Expect(first).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/articles/"));
        // The graph's outlets are links a keyboard reaches.
        var node = page.Locator("svg#lineage-graph g.node a").First;
        for (var i = 0; i < 80 && !await node.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        await Expect(node).ToBeFocusedAsync();
    }
}
