using System.Net;
using System.Net.Http.Json;
using Archive.Api.Tests.Infrastructure;

namespace Archive.Api.Tests.Hardening;

public sealed class IdempotencyTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private const string Page = "<html><head><title>Once</title></head><body><article><p>A story told once, however often it is sent.</p></article></body></html>";

    private readonly HttpClient _client = factory.CreateClient();

    private Task<HttpResponseMessage> PostAsync(string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/captures") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return _client.SendAsync(request);
    }

    [Fact]
    public async Task A_retried_post_with_the_same_key_gets_the_first_answer_and_stores_nothing_new()
    {
        var body = new { url = "https://once.example/story", html = Page };

        var first = await (await PostAsync("retry-1", body)).ReadJsonAsync(HttpStatusCode.Created);
        var retry = await PostAsync("retry-1", body);

        var replayed = await retry.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.GetProperty("capture").GetProperty("id").GetGuid(), replayed.GetProperty("capture").GetProperty("id").GetGuid());
        Assert.Equal($"/api/articles/{first.GetProperty("id").GetGuid()}", retry.Headers.Location?.OriginalString);
        var versions = await (await _client.GetAsync($"/api/articles/{first.GetProperty("id").GetGuid()}/versions")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, CountCaptures(versions));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_422_problem()
    {
        await (await PostAsync("reused-key", new { url = "https://once.example/a", html = Page })).ReadJsonAsync(HttpStatusCode.Created);

        await (await PostAsync("reused-key", new { url = "https://once.example/b", html = Page })).ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_validation_failure_is_replayed_like_any_answer_and_a_new_key_runs_afresh()
    {
        await (await PostAsync("bad-then-good", new { url = "ftp://once.example/x" })).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await PostAsync("bad-then-good", new { url = "ftp://once.example/x" })).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await PostAsync("fresh-key", new { url = "https://once.example/c", html = Page })).ReadJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_url_submitted_again_within_the_window_returns_the_first_submission_unless_forced()
    {
        var url = "https://reuse.example/story";
        var first = await (await _client.PostJsonAsync("/api/captures", new { url })).ReadJsonAsync(HttpStatusCode.Accepted);
        Assert.False(first.GetProperty("reused").GetBoolean());

        var again = await _client.PostJsonAsync("/api/captures", new { url });
        var reused = await again.ReadJsonAsync(HttpStatusCode.OK);
        Assert.True(reused.GetProperty("reused").GetBoolean());
        Assert.Equal(first.GetProperty("id").GetGuid(), reused.GetProperty("id").GetGuid());
        Assert.Equal($"/api/captures/{first.GetProperty("id").GetGuid()}", again.Content.Headers.ContentLocation?.OriginalString);

        var forced = await (await _client.PostJsonAsync("/api/captures", new { url, force = true })).ReadJsonAsync(HttpStatusCode.Accepted);
        Assert.NotEqual(first.GetProperty("id").GetGuid(), forced.GetProperty("id").GetGuid());
        Assert.False(forced.GetProperty("reused").GetBoolean());
    }

    // GET /api/articles/{id}/versions answers a JSON array, one entry per captured version; no other shape passes.
    private static int CountCaptures(System.Text.Json.JsonElement versions)
    {
        Assert.Equal(System.Text.Json.JsonValueKind.Array, versions.ValueKind);
        return versions.GetArrayLength();
    }
}
