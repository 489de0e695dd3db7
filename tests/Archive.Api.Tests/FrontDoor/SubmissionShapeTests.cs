using System.Net;
using System.Text.Json;
using Archive.Fetching.Tests;
using Archive.Api.Tests.Infrastructure;

namespace Archive.Api.Tests.FrontDoor;

public sealed class SubmissionShapeTests(SlowRetryApiFactory factory, FixtureOrigin origin)
    : IClassFixture<SlowRetryApiFactory>, IClassFixture<FixtureOrigin>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task A_job_waiting_for_a_retry_shows_its_attempts_last_error_and_next_attempt_in_the_shape_POST_gave()
    {
        var posted = await (await _client.PostJsonAsync("/api/captures", new { url = origin.Url("/status/503?shape") })).ReadJsonAsync(HttpStatusCode.Accepted);
        var id = posted.GetProperty("id").GetGuid();

        var waiting = await WaitAsync(id, s => s.GetProperty("attempts").GetInt32() == 1 && s.GetProperty("state").GetString() == "queued");

        Assert.Equal(Names(posted), Names(waiting));
        Assert.Equal("http-status", waiting.GetProperty("lastError").GetProperty("reason").GetString());
        Assert.False(string.IsNullOrEmpty(waiting.GetProperty("lastError").GetProperty("message").GetString()));
        Assert.Equal(3, waiting.GetProperty("maxAttempts").GetInt32());
        // The first retry waits Jobs:RetryDelay (a minute here) plus up to half of it in jitter, from the failure's time (the
        // job's updatedAt): read from the job itself, not against this machine's clock, however long the test took to look.
        var next = waiting.GetProperty("nextAttemptAt").GetDateTimeOffset();
        var failedAt = waiting.GetProperty("updatedAt").GetDateTimeOffset();
        Assert.InRange(next - failedAt, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1.5));
        Assert.EndsWith("Z", waiting.GetProperty("nextAttemptAt").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Z", waiting.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_is_a_resource_with_counts_per_state_and_its_jobs_paged()
    {
        var urls = new[] { origin.Url("/page?b1"), origin.Url("/page?b2"), origin.Url("/status/404?b3") };

        var response = await _client.PostJsonAsync("/api/captures/batch", new { urls });
        var batch = await response.ReadJsonAsync(HttpStatusCode.Accepted);
        var batchId = batch.GetProperty("batchId").GetGuid();
        Assert.Equal($"/api/batches/{batchId}", response.Headers.Location?.OriginalString);

        var status = await WaitBatchAsync(batchId);
        Assert.Equal(3, status.GetProperty("total").GetInt32());
        Assert.Equal(2, status.GetProperty("counts").GetProperty("done").GetInt32());
        Assert.Equal(1, status.GetProperty("counts").GetProperty("failed").GetInt32());
        var pages = new List<JsonElement>();
        foreach (var number in new[] { 1, 2 })
        {
            var page = await (await _client.GetAsync($"/api/batches/{batchId}?pageSize=2&page={number}")).ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal(3, page.GetProperty("jobs").GetProperty("total").GetInt32());
            pages.AddRange(page.GetProperty("jobs").GetProperty("items").EnumerateArray());
        }
        Assert.Equal(urls.Select(u => u.AbsoluteUri).Order(), pages.Select(j => j.GetProperty("url").GetString()!).Order());
        Assert.All(pages, j => Assert.Equal(batchId, j.GetProperty("batchId").GetGuid()));

        await (await _client.GetAsync($"/api/batches/{Guid.NewGuid()}")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Jobs_are_listed_newest_first_filtered_by_state_and_batch()
    {
        var batch = await (await _client.PostJsonAsync("/api/captures/batch",
            new { urls = new[] { origin.Url("/page?l1"), origin.Url("/page?l2") } })).ReadJsonAsync(HttpStatusCode.Accepted);
        var batchId = batch.GetProperty("batchId").GetGuid();
        await WaitBatchAsync(batchId);
        var first = await (await _client.PostJsonAsync("/api/captures", new { url = origin.Url("/page?l3") })).ReadJsonAsync(HttpStatusCode.Accepted);
        var second = await (await _client.PostJsonAsync("/api/captures", new { url = origin.Url("/page?l4") })).ReadJsonAsync(HttpStatusCode.Accepted);

        var inBatch = await (await _client.GetAsync($"/api/captures?batch={batchId}&state=done")).ReadJsonAsync(HttpStatusCode.OK);
        var newest = await (await _client.GetAsync("/api/captures?pageSize=2")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(batch.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("id").GetGuid()).Order(),
            inBatch.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetGuid()).Order());
        Assert.Equal([second.GetProperty("id").GetGuid(), first.GetProperty("id").GetGuid()],
            newest.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetGuid()));
        Assert.Equal(0, (await (await _client.GetAsync($"/api/captures?batch={batchId}&state=failed")).ReadJsonAsync(HttpStatusCode.OK))
            .GetProperty("total").GetInt32());
        var bad = await (await _client.GetAsync("/api/captures?state=finished")).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("state", out _), bad.ToString());
    }

    private static List<string> Names(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    private async Task<JsonElement> WaitAsync(Guid id, Func<JsonElement, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var status = await (await _client.GetAsync($"/api/captures/{id}")).ReadJsonAsync(HttpStatusCode.OK);
            if (until(status))
            {
                return status;
            }
            Assert.True(DateTime.UtcNow < deadline, status.ToString());
            await Task.Delay(100);
        }
    }

    private async Task<JsonElement> WaitBatchAsync(Guid batchId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var status = await (await _client.GetAsync($"/api/batches/{batchId}")).ReadJsonAsync(HttpStatusCode.OK);
            if (status.GetProperty("finished").GetBoolean())
            {
                return status;
            }
            Assert.True(DateTime.UtcNow < deadline, status.ToString());
            await Task.Delay(100);
        }
    }
}
