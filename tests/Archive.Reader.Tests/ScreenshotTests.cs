using System.Net.Http.Json;
using System.Text.Json;
using Archive.Api.Tests.Lineage;
using Archive.Reader.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Archive.Reader.Tests;

/// <summary>
/// Every page at desktop and phone width: nothing wider than the screen at 360 px, no console error (a CSP refusal is one).
/// With ARCHIVE_SCREENSHOTS set to a folder, each is saved there as NAME-desktop.png and NAME-phone.png
/// (docs/screenshots/make.sh does that).
/// </summary>
[Collection(ReaderCollection.Name)]
public sealed class ScreenshotTests(ReaderFixture fixture)
{
    private static readonly (string Name, int Width, int Height)[] Sizes = [("desktop", 1280, 900), ("phone", 360, 740)];

    [Fact]
    public async Task Every_page_fits_desktop_and_phone_width_without_errors()
    {
        var family = fixture.Family;
        var job = await SubmitAsync();
        var pages = new (string Name, string Path)[]
        {
            ("home", "/"),
            ("search", "/search?q=%22denies+mining+license%22"),
            ("article", $"/articles/{family.Articles[Family.Frank.Name]}"),
            ("article-diff", $"/articles/{family.Origin}?from={await VersionAsync(0)}&to={await VersionAsync(1)}#differences"),
            ("publisher", $"/publishers/{await PublisherAsync(family.Origin)}"),
            ("audit", "/audit"),
            ("submit", "/submit"),
            ("job", $"/jobs/{job}"),
        };
        var folder = Environment.GetEnvironmentVariable("ARCHIVE_SCREENSHOTS");
        foreach (var (size, width, height) in Sizes)
        {
            var (page, errors) = await fixture.NewPageAsync(width, height);
            foreach (var (name, path) in pages)
            {
                var response = await page.GotoAsync(path);
                Assert.True(response!.Ok, $"{path}: {response.Status}");
                await Expect(page.Locator("main h1")).ToBeVisibleAsync();
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
                Assert.True(overflow <= 0, $"{name} is {overflow} px wider than a {width} px screen");
                if (folder is { Length: > 0 })
                {
                    Directory.CreateDirectory(folder);
                    await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{size}.png"), FullPage = true });
                }
            }
            Assert.Empty(errors);
            await page.CloseAsync();
        }
    }

    private async Task<Guid> SubmitAsync()
    {
        var story = new Story(41, "Harbour pilots agree on night shifts");
        var url = fixture.Origin.Add("/news/pilots", new Outlet("Coast Courier", "coastcourier.net").Page(story.Title, story.Paragraphs,
            DateTimeOffset.UtcNow.AddHours(-2)));
        using var client = fixture.Server.Client();
        var response = await client.PostAsJsonAsync("/api/captures", new { url });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await client.GetFromJsonAsync<JsonElement>($"/api/captures/{id}")).GetProperty("state").GetString() is not ("done" or "failed"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the job did not finish within 2 minutes");
            await Task.Delay(200);
        }
        return id;
    }

    private async Task<Guid> VersionAsync(int index)
    {
        using var client = fixture.Server.Client();
        var versions = await client.GetFromJsonAsync<JsonElement>($"/api/articles/{fixture.Family.Origin}/versions");
        // Newest first in the API; index 0 here is the older one.
        var all = versions.EnumerateArray().Reverse().ToList();
        return all[index].GetProperty("versionId").GetGuid();
    }

    private async Task<Guid> PublisherAsync(Guid article)
    {
        using var client = fixture.Server.Client();
        return (await client.GetFromJsonAsync<JsonElement>($"/api/articles/{article}")).GetProperty("publisher").GetProperty("id").GetGuid();
    }
}
