using System.Text.RegularExpressions;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Lineage;
using Archive.Reader.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Archive.Reader.Tests;

/// <summary>Submitting from the browser: a URL the archive's worker fetches, followed on its job page until it is done,
/// then read; and a page uploaded from a file.</summary>
[Collection(ReaderCollection.Name)]
public sealed class SubmitFlowTests(ReaderFixture fixture)
{
    private static readonly Outlet Coast = new("Coast Courier", "coastcourier.net");

    [Fact]
    public async Task A_submitted_URL_shows_its_progress_and_then_the_archived_article()
    {
        var story = new Story(31, "Lighthouse keepers win a new rota");
        var url = fixture.Origin.Add("/news/lighthouse-rota", Coast.Page(story.Title, story.Paragraphs, DateTimeOffset.UtcNow.AddHours(-3)));
        var (page, errors) = await fixture.NewPageAsync();

        await page.GotoAsync("/submit");
        await page.Locator("#urls").FillAsync(url);
        await page.Locator("#urls-key").FillAsync(ReaderServer.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Fetch" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/jobs/[0-9a-f-]{36}$"));
        // The page reloads itself until the worker is done; wait for that, however long the shared machine takes.
        await Expect(page.Locator("#job-state")).ToHaveTextAsync("done", new() { Timeout = 120_000 });
        await page.Locator("#article-link").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(story.Title);
        await Expect(page.Locator("aside.panel")).ToContainTextAsync("Fetched by the archive");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_uploaded_file_becomes_an_article_marked_as_a_claim()
    {
        var story = new Story(32, "Ferry timetable changes for winter");
        var file = Path.Combine(Path.GetTempPath(), $"upload-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(file, Coast.Page(story.Title, story.Paragraphs, DateTimeOffset.UtcNow.AddDays(-1)));
        var (page, errors) = await fixture.NewPageAsync();
        try
        {
            await page.GotoAsync("/submit");
            await page.Locator("#url").FillAsync(Coast.Url("ferry-winter"));
            await page.Locator("#file").SetInputFilesAsync(file);
            await page.Locator("#upload-key").FillAsync(ReaderServer.AdminKey);
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex("/articles/[0-9a-f-]{36}$"));
            await Expect(page.Locator("h1")).ToHaveTextAsync(story.Title);
            await Expect(page.Locator("aside.panel")).ToContainTextAsync("uploader's claim");
            Assert.Empty(errors);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_uploaded_file_is_kept_byte_for_byte_and_read_in_its_own_charset()
    {
        const string title = "Café owners fight the quay's new rent";
        var bytes = CapturedFiles.Windows1252(title,
            "The café owners on the quay met the harbour board on Tuesday to fight a rent rise of a fifth, which they say would " +
            "close half of the terraces before next summer.",
            "The board's answer comes next month, après the council's budget.");
        var file = Path.Combine(Path.GetTempPath(), $"upload-{Guid.NewGuid():N}.html");
        await File.WriteAllBytesAsync(file, bytes);
        var (page, errors) = await fixture.NewPageAsync();
        try
        {
            await page.GotoAsync("/submit");
            await page.Locator("#url").FillAsync(Coast.Url("cafe-rent"));
            await page.Locator("#file").SetInputFilesAsync(file);
            await page.Locator("#upload-key").FillAsync(ReaderServer.AdminKey);
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex("/articles/[0-9a-f-]{36}$"));
            await Expect(page.Locator("h1")).ToHaveTextAsync(title);
            Assert.Empty(errors);
            var id = page.Url[(page.Url.LastIndexOf('/') + 1)..];
            using var client = fixture.Server.Client();
            using var article = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"/api/articles/{id}"));
            var capture = article.RootElement.GetProperty("capture");
            await CapturedFiles.AssertCaptureIsAsync(client, capture, bytes);
            Assert.Contains("après", article.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_wrong_key_is_refused_on_the_form_and_nothing_is_queued()
    {
        var (page, _) = await fixture.NewPageAsync();
        await page.GotoAsync("/submit");
        await page.Locator("#urls").FillAsync(fixture.Origin.Add("/news/refused", "<html><body><p>never fetched</p></body></html>"));
        await page.Locator("#urls-key").FillAsync("ak_not-a-key-of-this-archive");
        await page.GetByRole(AriaRole.Button, new() { Name = "Fetch" }).ClickAsync();

        await Expect(page.Locator("#problem")).ToContainTextAsync("unknown or revoked");
        await Expect(page).ToHaveURLAsync(new Regex("/submit$"));
    }
}
