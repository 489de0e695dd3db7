using System.Net;
using Archive.Api.Tests.Infrastructure;

namespace Archive.Api.Tests.Access;

public sealed class RateLimitTests(RateLimitedApiFactory factory) : IClassFixture<RateLimitedApiFactory>
{
    [Fact]
    public async Task A_key_past_its_limit_gets_429_with_retry_after()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/publishers")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/publishers")).StatusCode);

        var refused = await client.GetAsync("/api/publishers");

        await refused.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        // Another caller has a budget of its own.
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClientWithKey(null).GetAsync("/api/publishers")).StatusCode);
    }
}

/// <summary>A service of its own: this test uses up the anonymous budget, which every test client shares.</summary>
public sealed class RateLimitExemptionTests(RateLimitedApiFactory factory) : IClassFixture<RateLimitedApiFactory>
{
    [Fact]
    public async Task Health_and_the_api_description_stay_reachable_for_a_caller_past_its_limit()
    {
        var anonymous = factory.CreateClientWithKey(null);
        for (var i = 0; i < 3; i++)
        {
            await anonymous.GetAsync("/api/publishers");
        }
        await (await anonymous.GetAsync("/api/publishers")).ReadProblemAsync(HttpStatusCode.TooManyRequests);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
        }
    }
}

public sealed class ReadsNeedKeyTests(ReadsNeedKeyApiFactory factory) : IClassFixture<ReadsNeedKeyApiFactory>
{
    [Fact]
    public async Task Reads_need_a_key_when_configured_but_health_stays_public()
    {
        var anonymous = factory.CreateClientWithKey(null);

        await (await anonymous.GetAsync("/api/publishers")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/api/publishers")).StatusCode);
    }
}

public sealed class OpenLocalModeTests(OpenLocalApiFactory factory) : IClassFixture<OpenLocalApiFactory>
{
    [Fact]
    public async Task Without_any_key_loopback_may_write_and_others_get_401()
    {
        var client = factory.CreateClientWithKey(null);
        var html = "<html><body><article><p>Written from this machine without a key.</p></article></body></html>";

        factory.ClientAddress = IPAddress.Loopback;
        var article = await (await client.PostJsonAsync("/api/captures", new { url = "https://local.example/a", html })).ReadJsonAsync(HttpStatusCode.Created);
        var status = await (await client.GetAsync($"/api/captures/{article.GetProperty("capture").GetProperty("id").GetGuid()}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("loopback", status.GetProperty("capture").GetProperty("submittedBy").GetString());

        factory.ClientAddress = IPAddress.Parse("203.0.113.7");
        await (await client.PostJsonAsync("/api/captures", new { url = "https://local.example/b", html })).ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/publishers")).StatusCode);
    }
}
