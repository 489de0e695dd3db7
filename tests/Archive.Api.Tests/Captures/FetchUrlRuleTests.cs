using System.Net;
using Archive.Api.Tests.Infrastructure;
using Archive.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Api.Tests.Captures;

/// <summary>
/// A URL the fetcher would refuse before the network (a refused port) is refused when it is submitted, with the fetcher's
/// own reason, instead of becoming a job that can only fail.
/// </summary>
public sealed class FetchUrlRuleTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("http://news.example:6379/story")]
    [InlineData("https://news.example:22/story")]
    [InlineData("http://news.example:5432/")]
    public async Task A_url_on_a_refused_port_is_refused_at_submit_time(string url)
    {
        var problem = await (await _client.PostJsonAsync("/api/captures", new { url })).ReadProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors").EnumerateObject().Single(e => string.Equals(e.Name, "url", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("is not one the archive connects to", errors.Value.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await JobsAsync(url));
    }

    [Fact]
    public async Task A_batch_holding_a_url_on_a_refused_port_is_refused_whole()
    {
        var urls = new[] { "https://news.example/fine", "http://news.example:6379/story" };

        await (await _client.PostJsonAsync("/api/captures/batch", new { urls })).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(0, await JobsAsync(urls[0]));
    }

    [Fact]
    public async Task A_url_on_a_permitted_port_is_still_queued()
    {
        var response = await _client.PostJsonAsync("/api/captures", new { url = "http://news.example:8080/fine-port" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task<int> JobsAsync(string url)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArchiveDbContext>();
        return await db.Jobs.CountAsync(j => j.Url == new Uri(url).AbsoluteUri);
    }
}
