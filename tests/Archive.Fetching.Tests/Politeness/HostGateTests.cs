using Archive.Fetching.Politeness;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Archive.Fetching.Tests.Politeness;

/// <summary>
/// The gate's pace is read from its <see cref="TimeProvider"/>: a fake clock moves it, so these check the minimum delay to
/// the millisecond without sleeping, and no figure depends on how busy the machine is.
/// </summary>
public sealed class HostGateTests
{
    // Bounds a wait for a task the fake clock has already released (its continuation runs on the thread pool).
    private static readonly TimeSpan Released = TimeSpan.FromSeconds(30);

    private static HostGate Gate(int perHost, TimeSpan minDelay, TimeProvider time) =>
        new(Options.Create(new PolitenessOptions { PerHostConcurrency = perHost, MinDelay = minDelay }), time);

    [Fact]
    public async Task Fetches_of_one_host_start_at_least_the_minimum_delay_apart_and_other_hosts_do_not_wait()
    {
        var time = new FakeTimeProvider();
        var gate = Gate(2, TimeSpan.FromMilliseconds(300), time);

        (await gate.EnterAsync("slow.example", CancellationToken.None)).Dispose();
        var second = gate.EnterAsync("SLOW.example", CancellationToken.None);
        var other = gate.EnterAsync("other.example", CancellationToken.None);

        // Another host enters at once, with the clock standing still; the same host (in any case) waits.
        Assert.True(other.IsCompletedSuccessfully);
        (await other).Dispose();
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(299));
        Assert.Contains("slow.example", gate.BusyHosts(), StringComparer.OrdinalIgnoreCase);
        Assert.False(second.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(1));
        (await second.WaitAsync(Released)).Dispose();

        // The third start is paced from the second's, not from the first's.
        var third = gate.EnterAsync("slow.example", CancellationToken.None);
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(300));
        (await third.WaitAsync(Released)).Dispose();
    }

    [Fact]
    public async Task No_more_than_the_per_host_limit_run_at_once()
    {
        var time = new FakeTimeProvider();
        var gate = Gate(2, TimeSpan.Zero, time);
        var first = await gate.EnterAsync("busy.example", CancellationToken.None);
        var second = await gate.EnterAsync("BUSY.example", CancellationToken.None);

        var third = gate.EnterAsync("busy.example", CancellationToken.None);
        // However long the clock runs, a third fetch of the host does not start while two are running.
        for (var i = 0; i < 20; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            Assert.False(third.IsCompleted);
        }
        Assert.Contains("busy.example", gate.BusyHosts());

        first.Dispose();
        using var entered = await AdvanceUntilAsync(time, third);
        second.Dispose();
    }

    /// <summary>
    /// A waiter polls the gate on the clock; moves the fake clock on until it enters. A poll's timer is set on the thread
    /// pool after the previous one fired, so the clock is moved again until the waiter is in (bounded by real time).
    /// </summary>
    private static async Task<T> AdvanceUntilAsync<T>(FakeTimeProvider time, Task<T> waiter)
    {
        using var bound = new CancellationTokenSource(Released);
        while (!waiter.IsCompleted && !bound.IsCancellationRequested)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.WhenAny(waiter, Task.Delay(10, CancellationToken.None));
        }
        return await waiter.WaitAsync(TimeSpan.Zero);
    }
}
