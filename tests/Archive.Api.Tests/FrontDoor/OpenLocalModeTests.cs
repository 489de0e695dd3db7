using System.Net;
using Archive.Api.Tests.Access;
using Archive.Api.Tests.Infrastructure;

namespace Archive.Api.Tests.FrontDoor;

public sealed class FirstKeyTests(OpenLocalApiFactory factory) : IClassFixture<OpenLocalApiFactory>
{
    [Fact]
    public async Task In_open_local_mode_this_machine_creates_the_first_admin_key_which_ends_open_mode()
    {
        var local = factory.CreateClientWithKey(null);
        factory.ClientAddress = IPAddress.Loopback;

        // A sent key must be valid, even from loopback in open mode.
        await (await factory.CreateClientWithKey("ak_not-a-real-key-at-all").PostJsonAsync("/api/captures",
            new { url = "https://local.example/bogus", html = "<html><body><p>bogus</p></body></html>" })).ReadProblemAsync(HttpStatusCode.Unauthorized);
        // Not from elsewhere, and not a key that could not administer the rest.
        factory.ClientAddress = IPAddress.Parse("203.0.113.9");
        await (await local.PostJsonAsync("/api/keys", new { name = "remote", role = "admin" })).ReadProblemAsync(HttpStatusCode.Unauthorized);
        factory.ClientAddress = IPAddress.Loopback;
        var reader = await (await local.PostJsonAsync("/api/keys", new { name = "first", role = "reader" })).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(reader.GetProperty("errors").TryGetProperty("role", out _), reader.ToString());

        var created = await (await local.PostJsonAsync("/api/keys", new { name = "first", role = "admin" })).ReadJsonAsync(HttpStatusCode.Created);

        var secret = created.GetProperty("secret").GetString();
        Assert.StartsWith("ak_", secret, StringComparison.Ordinal);
        await (await local.PostJsonAsync("/api/keys", new { name = "second", role = "admin" })).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await local.PostJsonAsync("/api/captures", new { url = "https://local.example/after" })).ReadProblemAsync(HttpStatusCode.Unauthorized);
        var admin = factory.CreateClientWithKey(secret);
        await (await admin.PostJsonAsync("/api/keys", new { name = "second", role = "reader" })).ReadJsonAsync(HttpStatusCode.Created);
    }
}

public sealed class OpenLocalLimitTests(OpenLocalLimitedApiFactory factory) : IClassFixture<OpenLocalLimitedApiFactory>
{
    [Fact]
    public async Task The_anonymous_limit_spares_this_machine_and_says_truly_how_long_to_wait()
    {
        var client = factory.CreateClientWithKey(null);
        factory.ClientAddress = IPAddress.Loopback;
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/publishers")).StatusCode);
        }

        factory.ClientAddress = IPAddress.Parse("203.0.113.10");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/publishers")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/publishers")).StatusCode);
        var refused = await client.GetAsync("/api/publishers");
        var problem = await refused.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
        var first = refused.Headers.RetryAfter!.Delta!.Value;

        // What is left of the window is read from the service's clock (the limiter's own replenishment keeps real time,
        // and the one-minute window outlasts this test).
        factory.Time.Advance(TimeSpan.FromSeconds(25));
        var later = (await client.GetAsync("/api/publishers")).Headers.RetryAfter!.Delta!.Value;

        Assert.Equal(TimeSpan.FromSeconds(60), first);
        Assert.Equal(TimeSpan.FromSeconds(35), later);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Callers_without_a_key_do_not_share_idempotency_keys()
    {
        var client = factory.CreateClientWithKey(null);
        factory.ClientAddress = IPAddress.Loopback;
        HttpRequestMessage Upload(string path) => new(HttpMethod.Post, "/api/captures")
        {
            Headers = { { "Idempotency-Key", "same-key" } },
            Content = System.Net.Http.Json.JsonContent.Create(new { url = $"https://local.example/{path}", html = $"<html><body><p>{path}</p></body></html>" }),
        };

        var mine = await client.SendAsync(Upload("mine"));
        var theirs = await client.SendAsync(Upload("theirs"));
        var mineAgain = await client.SendAsync(Upload("mine"));

        Assert.Equal(HttpStatusCode.Created, mine.StatusCode);
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.NotEqual(mine.Headers.Location, theirs.Headers.Location);
        Assert.Equal(HttpStatusCode.Created, mineAgain.StatusCode);
        Assert.True(mineAgain.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Single() == "true");
    }
}
