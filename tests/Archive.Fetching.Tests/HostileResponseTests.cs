using Archive.Fetching;

namespace Archive.Fetching.Tests;

/// <summary>
/// Each hostile response ends as a typed failure without holding more than the cap. Those that stall end at the fetcher's
/// deadline, which it reads from its <see cref="TimeProvider"/>: a fake clock moves past it, so no test here asserts how
/// fast anything ran on a shared machine.
/// </summary>
public sealed class HostileResponseTests(FixtureOrigin origin) : IClassFixture<FixtureOrigin>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2); // the harness's Fetching:Timeout

    // Bounds a wait for a condition in real time (generous: a loaded machine stretches any real wait).
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

    private readonly FetcherHarness _harness = FetcherHarness.WithLoopbackAllowed();

    public void Dispose() => _harness.Dispose();

    [Theory]
    [InlineData("/big/honest", FetchFailureReason.TooLarge)]
    [InlineData("/big/chunked", FetchFailureReason.TooLarge)]
    [InlineData("/bomb/gzip", FetchFailureReason.TooLarge)]
    [InlineData("/bomb/brotli", FetchFailureReason.TooLarge)]
    [InlineData("/endless/0", FetchFailureReason.TooManyRedirects)]
    [InlineData("/corrupt/gzip", FetchFailureReason.InvalidResponse)]
    [InlineData("/zstd", FetchFailureReason.InvalidResponse)]
    public async Task Hostile_response_ends_as_a_typed_failure_before_the_deadline(string path, FetchFailureReason expected)
    {
        // The harness's clock never moves here, so the deadline cannot fire: the failure is the fetcher's own finding.
        var outcome = await _harness.FetchAsync(origin.Url(path));

        Assert.Equal(expected, outcome.Failure?.Reason);
    }

    [Theory]
    [InlineData("stalled response")]
    [InlineData("resolver that never answers")]
    [InlineData("connect that never completes")]
    public async Task A_stalled_fetch_ends_as_a_timeout_exactly_when_the_clock_passes_the_deadline(string stall)
    {
        var harness = _harness;
        var hitsBefore = origin.Hits("/stall");
        (Uri Url, Func<bool> Stalled) target = stall switch
        {
            "stalled response" => (origin.Url("/stall"), () => origin.Hits("/stall") > hitsBefore),
            "resolver that never answers" => (new Uri("http://slow-dns.example/"), () => !harness.Resolver.Lookups.IsEmpty),
            _ => (new Uri("http://blackhole.example/"), () => !harness.Connector.Dialled.IsEmpty),
        };
        harness.Resolver.Stall("slow-dns.example").Answer("blackhole.example", ["93.184.216.99"]);
        harness.Connector.Blackhole("93.184.216.99");

        var fetch = harness.FetchAsync(target.Url);
        await WaitUntilAsync(target.Stalled);
        harness.Time.Advance(Deadline - TimeSpan.FromMilliseconds(1));
        Assert.False(fetch.IsCompleted);
        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        var outcome = await fetch;

        Assert.Equal(FetchFailureReason.Timeout, outcome.Failure?.Reason);
        Assert.Equal(Deadline, outcome.Failure!.Duration);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var bound = new CancellationTokenSource(Hang);
        while (!condition())
        {
            await Task.Delay(20, bound.Token);
        }
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
        var dripped = origin.Dripped;
        var fetch = _harness.FetchAsync(origin.Url("/drip"));
        // The clock stands still while the body drips: the client has had its status line long before the deadline passes.
        await WaitUntilAsync(() => origin.Dripped >= dripped + 20);
        _harness.Time.Advance(Deadline);
        var outcome = await fetch;

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
        var stalled = origin.Hits("/stall");
        var fetch = _harness.FetchAsync(origin.Url("/to?url=/stall"));
        await WaitUntilAsync(() => origin.Hits("/stall") > stalled);
        _harness.Time.Advance(Deadline);
        var outcome = await fetch;

        Assert.Equal(FetchFailureReason.Timeout, outcome.Failure?.Reason);
        Assert.Equal([new FetchRedirect(origin.Url("/to?url=/stall"), 302)], outcome.Failure!.Redirects);
        Assert.Equal(origin.Url("/stall"), outcome.Failure.FinalUrl);
        Assert.Null(outcome.Failure.Status);
    }
}
