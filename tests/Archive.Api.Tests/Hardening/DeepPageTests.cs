using System.Net;
using Archive.Api.Tests.Infrastructure;
using Archive.Fetching.Tests;

namespace Archive.Api.Tests.Hardening;

/// <summary>
/// Pages nested far past what any walk of a document could recurse through. Before the nesting limiter, 100,000 levels
/// overflowed the stack and took the whole process (and every test in it) down; a million levels would also have kept
/// AngleSharp busy for hours. Now they archive, flattened below the parser's cap, and the service answers afterwards.
/// </summary>
public sealed class DeepPageTests(ArchiveApiFactory factory, FixtureOrigin origin)
    : IClassFixture<ArchiveApiFactory>, IClassFixture<FixtureOrigin>
{
    private const int Levels = 1_000_000;
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task A_page_nested_a_million_deep_is_archived_by_upload_and_the_service_lives()
    {
        var html = FixtureOrigin.DeepPage(Levels);

        var article = await (await _client.PostJsonAsync("/api/captures", new { url = "https://deep.example/upload", html }))
            .ReadJsonAsync(HttpStatusCode.Created);

        Assert.Contains(FixtureOrigin.DeepText, article.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task A_page_nested_a_million_deep_is_archived_by_fetch_and_the_service_lives()
    {
        var job = await (await _client.PostJsonAsync("/api/captures", new { url = origin.Url($"/deep/{Levels}") }))
            .ReadJsonAsync(HttpStatusCode.Accepted);

        var status = await _client.WaitForJobAsync(job.GetProperty("id").GetGuid(), TimeSpan.FromMinutes(2));

        Assert.Equal("done", status.GetProperty("state").GetString());
        var articleId = status.GetProperty("articleId").GetGuid();
        var article = await (await _client.GetAsync($"/api/articles/{articleId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains(FixtureOrigin.DeepText, article.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health")).StatusCode);
    }
}

/// <summary>The service with the nesting limiter out of the way, so the tree-depth guard behind it has to act.</summary>
public sealed class UnlimitedNestingApiFactory : ArchiveApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. base.Settings,
        new("Extraction:MaxNesting", "10000000"),
        new("Extraction:MaxNodes", "10000000"),
        new("Extraction:MaxTreeDepth", "64"),
    ];
}

public sealed class TooComplexPageTests(UnlimitedNestingApiFactory factory, FixtureOrigin origin)
    : IClassFixture<UnlimitedNestingApiFactory>, IClassFixture<FixtureOrigin>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task An_upload_too_deep_to_process_is_refused_as_too_complex()
    {
        var response = await _client.PostJsonAsync("/api/captures",
            new { url = "https://deep.example/too-complex", html = FixtureOrigin.DeepPage(1000) });

        var problem = await response.ReadJsonAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("too-complex", problem.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound,
            (await _client.GetAsync($"/api/articles?url={Uri.EscapeDataString("https://deep.example/too-complex")}")).StatusCode);
    }

    [Fact]
    public async Task A_page_sent_as_itself_too_deep_to_process_is_refused_as_too_complex()
    {
        const string url = "https://deep.example/too-complex-body";
        var response = await _client.PostAsync($"/api/captures?url={Uri.EscapeDataString(url)}",
            new StringContent(FixtureOrigin.DeepPage(1000), System.Text.Encoding.UTF8, "text/html"));

        var problem = await response.ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("too-complex", problem.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/articles?url={Uri.EscapeDataString(url)}")).StatusCode);
    }

    [Fact]
    public async Task A_file_too_deep_to_process_is_refused_as_too_complex_by_verify()
    {
        // POST /api/verify runs the same engine entry as ingest, so it meets the same limits with the same answer.
        using var form = new MultipartFormDataContent
        {
            { new StringContent(FixtureOrigin.DeepPage(1000), System.Text.Encoding.UTF8, "text/html"), "file", "deep.html" },
        };

        var problem = await (await _client.PostAsync("/api/verify", form)).ReadJsonAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("too-complex", problem.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_fetched_page_too_deep_to_process_fails_once_as_too_complex()
    {
        var job = await (await _client.PostJsonAsync("/api/captures", new { url = origin.Url("/deep/1000") }))
            .ReadJsonAsync(HttpStatusCode.Accepted);

        var status = await _client.WaitForJobAsync(job.GetProperty("id").GetGuid());

        Assert.Equal("failed", status.GetProperty("state").GetString());
        var failure = status.GetProperty("lastError");
        Assert.Equal("too-complex", failure.GetProperty("reason").GetString());
        Assert.Equal(1, status.GetProperty("attempts").GetInt32());
    }
}
