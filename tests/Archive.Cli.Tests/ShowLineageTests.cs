using System.Net;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Lineage;
using Archive.Api.Tests.Log;

namespace Archive.Cli.Tests;

/// <summary>
/// Issue 11, front door 5: <c>archive show --lineage</c> against the real service on 127.0.0.1 prints a tree a person
/// reads (who published first, who copied it, how), with UTC times, not the API's JSON.
/// </summary>
public sealed class ShowLineageTests(LiveApiFactory service) : IClassFixture<LiveApiFactory>
{
    private static readonly DateTimeOffset Published = new(2024, 3, 4, 9, 0, 0, TimeSpan.FromHours(-5));
    private static readonly Outlet Origin = new("Harbour Gazette", "harbourgazette.com");
    private static readonly Outlet Copier = new("Daily Echo", "dailyecho.net");

    private Dictionary<string, string?> Environment => new()
    {
        ["ARCHIVE_URL"] = service.Address,
        ["ARCHIVE_API_KEY"] = ArchiveApiFactory.AdminKey,
    };

    [Fact]
    public async Task The_lineage_is_a_tree_with_the_origin_first_the_copy_under_it_and_UTC_times()
    {
        var story = new Story(11, "Council approves harbour budget");
        var originUrl = Origin.Url("harbour-budget");
        var origin = await UploadAsync(originUrl, Origin.Page(story.Title, story.Paragraphs, Published));
        var copy = await UploadAsync(Copier.Url("harbour-budget-copy"), Copier.Page(story.Title, story.Paragraphs, Published.AddHours(6)));

        var run = await CliProcess.RunAsync(Environment, "show", copy.ToString(), "--lineage");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.TrimEnd().Split('\n');
        Assert.Equal("2 article(s) carry this story.", lines[0]);
        Assert.Equal($"[origin] Harbour Gazette: {originUrl}, published 2024-03-04T14:00:00Z", lines[1]);
        Assert.StartsWith("└─ [verbatim ", lines[2], StringComparison.Ordinal);
        Assert.Contains("Daily Echo: https://www.dailyecho.net/news/harbour-budget-copy, published 2024-03-04T20:00:00Z", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("← this article", lines[2], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        // Not JSON, and no escaped offsets.
        Assert.DoesNotContain("{", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\"", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("+00:00", run.Stdout, StringComparison.Ordinal);

        // The same tree for the origin, marked there; found by its URL too.
        var fromOrigin = await CliProcess.RunAsync(Environment, "show", originUrl, "--lineage");
        Assert.True(fromOrigin.ExitCode == 0, fromOrigin.Stderr);
        Assert.EndsWith("← this article", fromOrigin.Stdout.Split('\n')[1], StringComparison.Ordinal);
        Assert.Contains(origin.ToString(), (await CliProcess.RunAsync(Environment, "show", originUrl, "--json")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_summary_shows_times_in_UTC_and_the_lineage_in_words()
    {
        var story = new Story(12, "Railway strike delays grain exports");
        await UploadAsync(Origin.Url("railway-strike"), Origin.Page(story.Title, story.Paragraphs, Published));
        var copy = await UploadAsync(Copier.Url("railway-strike"), Copier.Page(story.Title, story.Paragraphs, Published.AddDays(1)));

        var run = await CliProcess.RunAsync(Environment, "show", copy.ToString());

        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("published    2024-03-05T14:00:00Z", lines);
        Assert.Contains(lines, l => l.StartsWith("captured     ", StringComparison.Ordinal) && l.Contains("Z (", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("lineage      verbatim; origin https://www.harbourgazette.com/news/railway-strike", StringComparison.Ordinal));
        Assert.DoesNotContain("+00:00", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_prints_non_ASCII_text_as_it_is()
    {
        var story = new Story(13, "Café owners’ “mañana” plan — approved");
        var id = await UploadAsync(Origin.Url("cafe-manana"), Origin.Page(story.Title, story.Paragraphs, Published));

        var run = await CliProcess.RunAsync(Environment, "show", id.ToString(), "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("Café owners’ “mañana” plan — approved", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(id, JsonDocument.Parse(run.Stdout).RootElement.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task An_article_that_is_not_there_is_one_line_from_the_service()
    {
        var run = await CliProcess.RunAsync(Environment, "show", Guid.NewGuid().ToString(), "--lineage");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("404 ", line, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    private async Task<Guid> UploadAsync(string url, string html)
    {
        using var client = service.CreateClient();
        var article = await (await client.PostJsonAsync("/api/captures", new { url, html })).ReadJsonAsync(HttpStatusCode.Created);
        return article.GetProperty("id").GetGuid();
    }
}
