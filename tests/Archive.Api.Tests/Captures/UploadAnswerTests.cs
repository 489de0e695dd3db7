using System.Net;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Lineage;

namespace Archive.Api.Tests.Captures;

/// <summary>
/// An upload's answer is built from what it stored and was told (the article row as its commit left it, the log index its
/// pass gave, lineage's outcome) where it can be, and read back where it cannot: either way it is the JSON a fresh read of
/// the same version returns, byte for byte, when nothing else changed the article meanwhile.
/// </summary>
public sealed class UploadAnswerTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private static readonly DateTimeOffset Published = new(2024, 6, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly Outlet Origin = new("Upland Herald", "uplandherald.com");
    private static readonly Outlet Copier = new("Lowland Post", "lowlandpost.net");
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task An_uploads_answer_is_what_a_fresh_read_of_its_version_returns()
    {
        var story = new Story(2401, "Upland dam inspection finds cracks");
        var other = new Story(2402, "Market hall roof repaired before winter");
        var captured = new DateTimeOffset(2024, 6, 2, 9, 0, 0, TimeSpan.Zero);

        // A new article of a known outlet, then of a new one.
        await AssertSameAsFreshRead(await Upload(Origin.Url("market-hall"), Origin.Page(other.Title, other.Paragraphs, Published), null),
            HttpStatusCode.Created);
        var first = await Upload(Origin.Url("dam"), Origin.Page(story.Title, story.Paragraphs, Published), captured);
        await AssertSameAsFreshRead(first, HttpStatusCode.Created);
        // A new version of a known article: its count, its current version and its outlet as the article has them.
        var second = await Upload(Origin.Url("dam"), Origin.Page(story.Title, [.. story.Paragraphs, "Engineers return next month."], Published),
            captured.AddHours(2));
        await AssertSameAsFreshRead(second, HttpStatusCode.Created);
        Assert.Equal(2, second.Json.GetProperty("versionCount").GetInt32());
        // An older capture of it, which does not become current.
        var older = await Upload(Origin.Url("dam"), Origin.Page(story.Title, [.. story.Paragraphs.Take(6)], Published), captured.AddHours(-2));
        await AssertSameAsFreshRead(older, HttpStatusCode.Created);
        Assert.False(older.Json.GetProperty("isCurrent").GetBoolean());
        // An article that joins a family.
        var copy = await Upload(Copier.Url("dam-copy"), Copier.Page(story.Title, story.Paragraphs, Published.AddHours(5)), null);
        await AssertSameAsFreshRead(copy, HttpStatusCode.Created);
        Assert.Equal("verbatim", copy.Json.GetProperty("lineage").GetProperty("kind").GetString());
        // An upload seen before: the same bytes of the same URL at the same time.
        var again = await Upload(Origin.Url("dam"), Origin.Page(story.Title, story.Paragraphs, Published), captured);
        await AssertSameAsFreshRead(again, HttpStatusCode.OK);
        Assert.Equal(first.Json.GetProperty("versionId").GetGuid(), again.Json.GetProperty("versionId").GetGuid());
    }

    private sealed record Answer(HttpResponseMessage Response, string Body, JsonElement Json);

    private async Task<Answer> Upload(string url, string html, DateTimeOffset? capturedAt)
    {
        var response = await _client.PostJsonAsync("/api/captures", capturedAt is null ? new { url, html } : new { url, html, capturedAt });
        var body = await response.Content.ReadAsStringAsync();
        return new Answer(response, body, JsonDocument.Parse(body).RootElement.Clone());
    }

    private async Task AssertSameAsFreshRead(Answer answer, HttpStatusCode status)
    {
        Assert.Equal(status, answer.Response.StatusCode);
        var id = answer.Json.GetProperty("id").GetGuid();
        var version = answer.Json.GetProperty("versionId").GetGuid();
        var read = await _client.GetAsync($"/api/articles/{id}?version={version}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(await read.Content.ReadAsStringAsync(), answer.Body);
    }
}
