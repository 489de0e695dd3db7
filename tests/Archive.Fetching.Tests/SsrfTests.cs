using Archive.Fetching;

namespace Archive.Fetching.Tests;

/// <summary>
/// Crafted URLs that must never make the archive connect to a private address. Every case asserts both the typed
/// refusal and that nothing was dialled: the recording connector saw no attempt and the loopback origin (which most
/// 127.x spellings point at) accepted no connection.
/// </summary>
public sealed class SsrfTests(FixtureOrigin origin) : IClassFixture<FixtureOrigin>
{
    [Theory]
    [InlineData("http://127.0.0.1:{port}/page")]
    [InlineData("http://127.0.0.2:{port}/page")]
    [InlineData("http://127.255.255.254:{port}/page")]
    [InlineData("http://[::1]:{port}/page")]
    [InlineData("http://0.0.0.0:{port}/page")]
    [InlineData("http://[::]:{port}/page")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://10.255.255.255/")]
    [InlineData("http://172.16.0.1/")]
    [InlineData("http://172.31.255.254/")]
    [InlineData("http://192.168.0.1/")]
    [InlineData("http://192.168.1.254:8080/admin")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://100.64.0.1/")]
    [InlineData("http://100.127.255.254/")]
    [InlineData("http://192.0.0.170/")]
    [InlineData("http://198.18.0.1/")]
    [InlineData("http://224.0.0.1/")]
    [InlineData("http://255.255.255.255/")]
    [InlineData("http://[fc00::1]/")]
    [InlineData("http://[fd12:3456:789a::1]/")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://[fec0::1]/")]
    [InlineData("http://[ff02::1]/")]
    [InlineData("http://[2001:db8::1]/")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/page")]
    [InlineData("http://[::ffff:7f00:1]:{port}/page")]
    [InlineData("http://[::ffff:169.254.169.254]/")]
    [InlineData("http://[::ffff:10.0.0.1]/")]
    [InlineData("http://[::127.0.0.1]:{port}/page")]
    [InlineData("http://[64:ff9b::7f00:1]:{port}/page")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/")]
    [InlineData("http://[64:ff9b:1::a00:1]/")]
    [InlineData("http://[2002:7f00:1::1]/")]
    [InlineData("http://[2002:c0a8:101::1]/")]
    [InlineData("http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/")]
    [InlineData("http://2130706433:{port}/page")]
    [InlineData("http://0x7f000001:{port}/page")]
    [InlineData("http://017700000001:{port}/page")]
    [InlineData("http://0177.0.0.1:{port}/page")]
    [InlineData("http://0x7f.0.0.1:{port}/page")]
    [InlineData("http://0x7f.1:{port}/page")]
    [InlineData("http://127.1:{port}/page")]
    [InlineData("http://127.0.1:{port}/page")]
    [InlineData("http://0:{port}/page")]
    [InlineData("http://2852039166/")]
    [InlineData("http://127.000.000.001:{port}/page")]
    [InlineData("http://127.0.0.1.:{port}/page")]
    [InlineData("http://0x7f.0.0.1.:{port}/page")]
    [InlineData("http://①②⑦.0.0.1:{port}/page")]
    [InlineData("http://127。0。0。1:{port}/page")]
    [InlineData("http://[fe80::1%25eth0]/")]
    public async Task Private_address_in_any_spelling_is_refused_without_connecting(string template)
    {
        using var harness = FetcherHarness.WithProductionRules();
        var before = origin.Connections;

        var outcome = await harness.FetchAsync(template.Replace("{port}", origin.Port.ToString(), StringComparison.Ordinal));

        AssertRefusedWithoutConnecting(outcome, harness, before, FetchFailureReason.BlockedAddress);
    }

    [Theory]
    [InlineData("http://localhost:{port}/page")]
    [InlineData("http://LocalHost:{port}/page")]
    [InlineData("http://127.0.0.1.:{port}/page")]
    public async Task Names_the_system_resolver_maps_to_loopback_are_refused(string template)
    {
        using var harness = FetcherHarness.WithSystemResolver();
        var before = origin.Connections;

        var outcome = await harness.FetchAsync(template.Replace("{port}", origin.Port.ToString(), StringComparison.Ordinal));

        AssertRefusedWithoutConnecting(outcome, harness, before, FetchFailureReason.BlockedAddress);
    }

    [Fact]
    public async Task Loopback_fixture_without_the_test_allow_list_fails_as_blocked_address()
    {
        using var harness = FetcherHarness.WithProductionRules();
        var before = origin.Connections;

        var outcome = await harness.FetchAsync(origin.Url("/page"));

        AssertRefusedWithoutConnecting(outcome, harness, before, FetchFailureReason.BlockedAddress);
    }

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("169.254.169.254")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("fd00::5")]
    [InlineData("::ffff:192.168.0.1")]
    public async Task Public_looking_name_resolving_to_a_private_address_is_refused(string address)
    {
        using var harness = FetcherHarness.WithProductionRules();
        harness.Resolver.Answer("news.example", [address]);
        var before = origin.Connections;

        var outcome = await harness.FetchAsync($"http://news.example:{origin.Port}/page");

        AssertRefusedWithoutConnecting(outcome, harness, before, FetchFailureReason.BlockedAddress);
        Assert.Equal(["news.example"], harness.Resolver.Lookups);
    }

    [Fact]
    public async Task Dns_rebinding_after_a_public_answer_is_caught_at_connect_time()
    {
        using var harness = FetcherHarness.WithProductionRules();
        harness.Resolver.Answer("rebind.example", ["93.184.216.34"], ["127.0.0.1"]);
        // Someone validating the URL earlier (say, at submission) sees the public answer...
        var firstLook = await harness.Resolver.ResolveAsync("rebind.example", CancellationToken.None);
        Assert.Equal("93.184.216.34", Assert.Single(firstLook).ToString());
        var before = origin.Connections;

        // ...but the fetcher resolves again as it connects, gets loopback, and refuses that very address.
        var outcome = await harness.FetchAsync($"http://rebind.example:{origin.Port}/page");

        AssertRefusedWithoutConnecting(outcome, harness, before, FetchFailureReason.BlockedAddress);
    }

    [Fact]
    public async Task Private_answers_mixed_with_a_public_one_are_never_dialled()
    {
        using var harness = FetcherHarness.WithProductionRules();
        harness.Resolver.Answer("mixed.example", ["127.0.0.1", "10.0.0.1", "93.184.216.34"]);

        var outcome = await harness.FetchAsync($"http://mixed.example:{origin.Port}/page");

        // The harness refuses every non-loopback dial, so the public address ends as "refused"; the point is what was dialled.
        Assert.Equal(FetchFailureReason.Refused, outcome.Failure?.Reason);
        Assert.Equal("93.184.216.34", Assert.Single(harness.Connector.Dialled).Address.ToString());
    }

    [Theory]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://169.254.169.254/latest/meta-data/iam/")]
    [InlineData("http://[::1]:{port}/page")]
    [InlineData("http://127.0.0.2:{port}/page")]
    [InlineData("http://internal.example:{port}/page")]
    public async Task Redirect_from_an_allowed_origin_to_a_private_address_is_refused(string template)
    {
        using var harness = FetcherHarness.WithLoopbackAllowed();
        harness.Resolver.Answer("internal.example", ["10.1.2.3"]);
        var target = template.Replace("{port}", origin.Port.ToString(), StringComparison.Ordinal);
        var start = origin.Url($"/to?url={Uri.EscapeDataString(target)}");

        var outcome = await harness.FetchAsync(start);

        Assert.Equal(FetchFailureReason.BlockedAddress, outcome.Failure?.Reason);
        Assert.Equal(new Uri(target), outcome.Failure!.FinalUrl);
        Assert.Equal([new FetchRedirect(start, 302)], outcome.Failure.Redirects);
        Assert.All(harness.Connector.Dialled, e => Assert.Equal(origin.Port, e.Port));
        Assert.Single(harness.Connector.Dialled);
    }

    [Theory]
    [InlineData("ftp://example.com/file")]
    [InlineData("file:///etc/passwd")]
    [InlineData("gopher://127.0.0.1:6379/_INFO")]
    [InlineData("data:text/html,<h1>hi</h1>")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ws://example.com/")]
    [InlineData("http://user:secret@example.com/")]
    [InlineData("http://user@127.0.0.1:{port}/page")]
    [InlineData("https://:@example.com/")]
    public async Task Non_http_schemes_and_user_info_are_refused_as_invalid_urls_without_connecting(string template)
    {
        using var harness = FetcherHarness.WithProductionRules();
        var before = origin.Connections;

        var outcome = await harness.FetchAsync(template.Replace("{port}", origin.Port.ToString(), StringComparison.Ordinal));

        AssertRefusedWithoutConnecting(outcome, harness, before, FetchFailureReason.InvalidUrl);
        Assert.Empty(harness.Resolver.Lookups);
    }

    [Fact]
    public async Task Redirect_to_a_non_http_scheme_is_refused()
    {
        using var harness = FetcherHarness.WithLoopbackAllowed();

        var outcome = await harness.FetchAsync(origin.Url("/to?url=" + Uri.EscapeDataString("file:///etc/passwd")));

        Assert.Equal(FetchFailureReason.InvalidUrl, outcome.Failure?.Reason);
        Assert.Single(outcome.Failure!.Redirects);
    }

    [Theory]
    [InlineData(22)]
    [InlineData(25)]
    [InlineData(6379)]
    [InlineData(5432)]
    [InlineData(2375)]
    [InlineData(11211)]
    public async Task Internal_service_ports_are_refused_even_on_a_public_address(int port)
    {
        using var harness = FetcherHarness.WithProductionRules();
        harness.Resolver.Answer("news.example", ["93.184.216.34"]);

        var outcome = await harness.FetchAsync($"http://news.example:{port}/");

        Assert.Equal(FetchFailureReason.BlockedAddress, outcome.Failure?.Reason);
        Assert.Empty(harness.Connector.Dialled);
        Assert.Empty(harness.Resolver.Lookups);
    }

    private void AssertRefusedWithoutConnecting(
        FetchOutcome outcome, FetcherHarness harness, int connectionsBefore, FetchFailureReason reason)
    {
        Assert.False(outcome.Succeeded, "the fetch should have been refused");
        Assert.Equal(reason, outcome.Failure.Reason);
        Assert.Empty(harness.Connector.Dialled);
        Assert.Equal(connectionsBefore, origin.Connections);
    }
}
