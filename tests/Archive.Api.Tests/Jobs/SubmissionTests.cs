using System.Net;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;
using Archive.Fetching.Tests;

namespace Archive.Api.Tests.Jobs;

public sealed class SubmissionTests(ArchiveApiFactory factory, FixtureOrigin origin)
    : IClassFixture<ArchiveApiFactory>, IClassFixture<FixtureOrigin>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task A_submitted_url_is_fetched_through_its_redirects_and_archived()
    {
        var url = origin.Url("/redirect/2");

        var response = await _client.PostJsonAsync("/api/captures", new { url });
        var job = await response.ReadJsonAsync(HttpStatusCode.Accepted);
        var jobId = job.GetProperty("id").GetGuid();
        Assert.Equal($"/api/captures/{jobId}", response.Headers.Location?.OriginalString);
        Assert.Equal("queued", job.GetProperty("state").GetString());

        var status = await _client.WaitForJobAsync(jobId);
        Assert.Equal("done", status.GetProperty("state").GetString());
        var capture = status.GetProperty("capture");
        Assert.Equal(url.AbsoluteUri, capture.GetProperty("requestedUrl").GetString());
        Assert.Equal(origin.Url("/page").AbsoluteUri, capture.GetProperty("finalUrl").GetString());
        Assert.Equal(2, capture.GetProperty("redirects").GetArrayLength());
        Assert.Equal(200, capture.GetProperty("httpStatus").GetInt32());
        Assert.Equal("fetched", capture.GetProperty("source").GetString());

        var raw = await _client.GetAsync($"/api/captures/{jobId}/raw");
        Assert.Equal(FixtureOrigin.PlainHtml, await raw.Content.ReadAsStringAsync());
        var article = await (await _client.GetAsync($"/api/articles/{status.GetProperty("articleId").GetGuid()}"))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains("Hello, archive.", article.GetProperty("text").GetString(), StringComparison.Ordinal);
        // Both the requested and the final URL find the article.
        var byRequested = await (await _client.GetAsync($"/api/articles?url={Uri.EscapeDataString(url.AbsoluteUri)}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(article.GetProperty("id").GetGuid(), byRequested.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_batch_gives_one_job_per_distinct_url_and_each_ends_in_its_own_state()
    {
        var urls = new[] { origin.Url("/gzip"), origin.Url("/pdf"), origin.Url("/gzip") };

        var batch = await (await _client.PostJsonAsync("/api/captures/batch", new { urls })).ReadJsonAsync(HttpStatusCode.Accepted);

        Assert.Equal(2, batch.GetProperty("accepted").GetInt32());
        var jobs = batch.GetProperty("jobs").EnumerateArray().ToList();
        var gzip = await _client.WaitForJobAsync(jobs[0].GetProperty("id").GetGuid());
        var pdf = await _client.WaitForJobAsync(jobs[1].GetProperty("id").GetGuid());
        Assert.Equal("done", gzip.GetProperty("state").GetString());
        Assert.Equal("failed", pdf.GetProperty("state").GetString());
        Assert.Equal("not-html", pdf.GetProperty("lastError").GetProperty("reason").GetString());
        Assert.Equal(1, pdf.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_server_error_is_retried_until_the_attempt_limit_then_recorded()
    {
        var job = await (await _client.PostJsonAsync("/api/captures", new { url = origin.Url("/status/503") })).ReadJsonAsync(HttpStatusCode.Accepted);

        var status = await _client.WaitForJobAsync(job.GetProperty("id").GetGuid());

        Assert.Equal("failed", status.GetProperty("state").GetString());
        Assert.Equal(3, status.GetProperty("attempts").GetInt32());
        Assert.Equal("http-status", status.GetProperty("lastError").GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("nextAttemptAt").ValueKind);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        var job = await (await _client.PostJsonAsync("/api/captures", new { url = origin.Url("/status/404") })).ReadJsonAsync(HttpStatusCode.Accepted);

        var status = await _client.WaitForJobAsync(job.GetProperty("id").GetGuid());

        Assert.Equal(1, status.GetProperty("attempts").GetInt32());
        Assert.Equal("http-status", status.GetProperty("lastError").GetProperty("reason").GetString());
    }
}

public sealed class DefaultPolicySubmissionTests(DefaultPolicyApiFactory factory, FixtureOrigin origin)
    : IClassFixture<DefaultPolicyApiFactory>, IClassFixture<FixtureOrigin>
{
    [Fact]
    public async Task A_loopback_url_fails_as_blocked_address_without_the_test_setting()
    {
        var client = factory.CreateClient();
        var job = await (await client.PostJsonAsync("/api/captures", new { url = origin.Url("/page") })).ReadJsonAsync(HttpStatusCode.Accepted);

        var status = await client.WaitForJobAsync(job.GetProperty("id").GetGuid());

        Assert.Equal("failed", status.GetProperty("state").GetString());
        Assert.Equal("blocked-address", status.GetProperty("lastError").GetProperty("reason").GetString());
        Assert.Equal(1, status.GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("capture").ValueKind);
        Assert.Equal(0, origin.Connections);
    }
}

public sealed class RobotsSubmissionTests(ArchiveApiFactory factory, FixtureOrigin origin)
    : IClassFixture<ArchiveApiFactory>, IClassFixture<FixtureOrigin>
{
    [Fact]
    public async Task A_url_robots_txt_disallows_fails_as_robots_disallowed_without_fetching_the_page()
    {
        var client = factory.CreateClient();
        var job = await (await client.PostJsonAsync("/api/captures", new { url = origin.Url("/private/page") })).ReadJsonAsync(HttpStatusCode.Accepted);

        var status = await client.WaitForJobAsync(job.GetProperty("id").GetGuid());

        Assert.Equal("failed", status.GetProperty("state").GetString());
        Assert.Equal("robots-disallowed", status.GetProperty("lastError").GetProperty("reason").GetString());
        Assert.Equal(1, status.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task An_admin_may_override_robots_txt_for_one_submission()
    {
        var admin = factory.CreateClient();
        var job = await (await admin.PostJsonAsync("/api/captures", new { url = origin.Url("/private/page"), ignoreRobots = true, force = true }))
            .ReadJsonAsync(HttpStatusCode.Accepted);

        var status = await admin.WaitForJobAsync(job.GetProperty("id").GetGuid());

        Assert.Equal("done", status.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Only_an_admin_may_override_robots_txt()
    {
        var admin = factory.CreateClient();
        var created = await (await admin.PostJsonAsync("/api/keys", new { name = "robots submitter", role = "submitter" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var submitter = factory.CreateClientWithKey(created.GetProperty("secret").GetString());

        await (await submitter.PostJsonAsync("/api/captures", new { url = origin.Url("/private/page"), ignoreRobots = true }))
            .ReadProblemAsync(HttpStatusCode.Forbidden);
    }
}
