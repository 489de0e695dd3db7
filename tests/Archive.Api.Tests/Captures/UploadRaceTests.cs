using System.Net;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Log;

namespace Archive.Api.Tests.Captures;

/// <summary>
/// Identical uploads arriving at once, over real HTTP: the same bytes of the same URL at the same time are one capture
/// whatever the timing, so the race answers as a sequential repeat does (one 201, the rest 200 with the stored version),
/// and the article gains one version. Different bytes at once are different captures, each a version of its own.
/// </summary>
public sealed class UploadRaceTests(LiveApiFactory factory) : IClassFixture<LiveApiFactory>
{
    private const int Uploads = 8;

    [Fact]
    public async Task Identical_uploads_at_once_store_one_version_and_answer_as_a_repeat_does()
    {
        var client = factory.CreateClient();
        var upload = new { url = "https://race.example/news/same", html = UploadTests.Page("The same bytes sent eight times at once."),
            capturedAt = "2024-06-01T12:00:00Z" };

        var responses = await Task.WhenAll(Enumerable.Range(0, Uploads).Select(_ => client.PostJsonAsync("/api/captures", upload)));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(Uploads - 1, statuses.Count(s => s == HttpStatusCode.OK));
        var articles = await Task.WhenAll(responses.Select(r => r.ReadJsonAsync(r.StatusCode)));
        Assert.Single(articles.Select(a => a.GetProperty("versionId").GetGuid()).Distinct());
        Assert.All(articles, a => Assert.Equal(1, a.GetProperty("versionCount").GetInt32()));
        var id = articles[0].GetProperty("id").GetGuid();
        var versions = await (await client.GetAsync($"/api/articles/{id}/versions")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, versions.GetArrayLength());
        // Every later answer is the sequential repeat's: 200, the stored version, and where it lives.
        foreach (var repeat in responses.Where(r => r.StatusCode == HttpStatusCode.OK))
        {
            Assert.Equal($"/api/articles/{id}?version={articles[0].GetProperty("versionId").GetGuid()}",
                repeat.Content.Headers.ContentLocation?.OriginalString);
        }
    }

    [Fact]
    public async Task Different_bytes_at_once_are_each_a_version()
    {
        var client = factory.CreateClient();
        var responses = await Task.WhenAll(Enumerable.Range(0, Uploads).Select(i => client.PostJsonAsync("/api/captures",
            new { url = "https://race.example/news/changing", html = UploadTests.Page($"Edition {i} of a story that changes while it is sent."),
                capturedAt = "2024-06-01T12:00:00Z" })));

        var articles = await Task.WhenAll(responses.Select(r => r.ReadJsonAsync(HttpStatusCode.Created)));
        Assert.Equal(Uploads, articles.Select(a => a.GetProperty("versionId").GetGuid()).Distinct().Count());
        var id = Assert.Single(articles.Select(a => a.GetProperty("id").GetGuid()).Distinct());
        var versions = await (await client.GetAsync($"/api/articles/{id}/versions")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(Uploads, versions.GetArrayLength());
    }
}
