using System.Diagnostics;
using Archive.Fetching;

namespace Archive.Fetching.Tests;

/// <summary>Each hostile response ends as a typed failure within the 2 s test deadline, without holding more than the cap.</summary>
public sealed class HostileResponseTests(FixtureOrigin origin) : IClassFixture<FixtureOrigin>, IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2) + TimeSpan.FromSeconds(1.5);

    private readonly FetcherHarness _harness = FetcherHarness.WithLoopbackAllowed();

    public void Dispose() => _harness.Dispose();

    [Theory]
    [InlineData("/drip", FetchFailureReason.Timeout)]
    [InlineData("/stall", FetchFailureReason.Timeout)]
    [InlineData("/big/honest", FetchFailureReason.TooLarge)]
    [InlineData("/big/chunked", FetchFailureReason.TooLarge)]
    [InlineData("/bomb/gzip", FetchFailureReason.TooLarge)]
    [InlineData("/bomb/brotli", FetchFailureReason.TooLarge)]
    [InlineData("/endless/0", FetchFailureReason.TooManyRedirects)]
    [InlineData("/corrupt/gzip", FetchFailureReason.InvalidResponse)]
    [InlineData("/zstd", FetchFailureReason.InvalidResponse)]
    public async Task Hostile_response_ends_as_a_typed_failure_within_the_deadline(string path, FetchFailureReason expected)
    {
        var clock = Stopwatch.StartNew();

        var outcome = await _harness.FetchAsync(origin.Url(path));

        Assert.Equal(expected, outcome.Failure?.Reason);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, Bound);
        Assert.InRange(outcome.Failure!.Duration, TimeSpan.Zero, Bound);
    }

    [Fact]
    public async Task Resolver_that_never_answers_ends_as_a_timeout()
    {
        _harness.Resolver.Stall("slow-dns.example");
        var clock = Stopwatch.StartNew();

        var outcome = await _harness.FetchAsync("http://slow-dns.example/");

        Assert.Equal(FetchFailureReason.Timeout, outcome.Failure?.Reason);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, Bound);
    }

    [Fact]
    public async Task Connect_that_never_completes_ends_as_a_timeout()
    {
        _harness.Resolver.Answer("blackhole.example", ["93.184.216.99"]);
        _harness.Connector.Blackhole("93.184.216.99");
        var clock = Stopwatch.StartNew();

        var outcome = await _harness.FetchAsync("http://blackhole.example/");

        Assert.Equal(FetchFailureReason.Timeout, outcome.Failure?.Reason);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, Bound);
    }

    [Fact]
    public async Task Honest_content_length_over_the_cap_is_rejected_before_reading_the_body()
    {
        var outcome = await _harness.FetchAsync(origin.Url("/big/honest"));

        Assert.Equal(FetchFailureReason.TooLarge, outcome.Failure?.Reason);
        Assert.Contains("declares", outcome.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slow_drip_reports_the_status_it_had_already_received()
    {
        var outcome = await _harness.FetchAsync(origin.Url("/drip"));

        Assert.Equal(FetchFailureReason.Timeout, outcome.Failure?.Reason);
        Assert.Equal(200, outcome.Failure?.Status);
        Assert.Equal(origin.Url("/drip"), outcome.Failure?.FinalUrl);
    }

    [Fact]
    public async Task Gzip_bomb_is_small_on_the_wire_and_counted_at_its_decoded_size()
    {
        Assert.True(origin.GzipBomb.Length < FixtureOrigin.TestMaxBodyBytes / 4, "the bomb must be under the cap when compressed");

        var outcome = await _harness.FetchAsync(origin.Url("/bomb/gzip"));

        Assert.Equal(FetchFailureReason.TooLarge, outcome.Failure?.Reason);
    }

    [Fact]
    public async Task Deadline_spans_redirect_hops_and_the_failure_keeps_them()
    {
        var outcome = await _harness.FetchAsync(origin.Url("/to?url=/stall"));

        Assert.Equal(FetchFailureReason.Timeout, outcome.Failure?.Reason);
        Assert.Equal([new FetchRedirect(origin.Url("/to?url=/stall"), 302)], outcome.Failure!.Redirects);
        Assert.Equal(origin.Url("/stall"), outcome.Failure.FinalUrl);
        Assert.Null(outcome.Failure.Status);
    }
}
