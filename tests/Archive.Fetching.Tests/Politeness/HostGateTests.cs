using System.Diagnostics;
using Archive.Fetching.Politeness;
using Microsoft.Extensions.Options;

namespace Archive.Fetching.Tests.Politeness;

public sealed class HostGateTests
{
    private static HostGate Gate(int perHost, TimeSpan minDelay) =>
        new(Options.Create(new PolitenessOptions { PerHostConcurrency = perHost, MinDelay = minDelay }), TimeProvider.System);

    [Fact]
    public async Task Fetches_of_one_host_start_at_least_the_minimum_delay_apart_and_other_hosts_do_not_wait()
    {
        var gate = Gate(2, TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < 3; i++)
        {
            using var _ = await gate.EnterAsync("slow.example", CancellationToken.None);
        }
        var sameHost = clock.Elapsed;
        clock.Restart();
        using (await gate.EnterAsync("other.example", CancellationToken.None))
        {
        }

        Assert.True(sameHost >= TimeSpan.FromMilliseconds(550), $"three starts took {sameHost.TotalMilliseconds:F0} ms");
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(250), $"another host waited {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task No_more_than_the_per_host_limit_run_at_once()
    {
        var gate = Gate(2, TimeSpan.Zero);
        var first = await gate.EnterAsync("busy.example", CancellationToken.None);
        var second = await gate.EnterAsync("BUSY.example", CancellationToken.None);

        var third = gate.EnterAsync("busy.example", CancellationToken.None);
        await Task.Delay(200);
        Assert.False(third.IsCompleted);

        first.Dispose();
        using var entered = await third.WaitAsync(TimeSpan.FromSeconds(5));
        second.Dispose();
    }
}
