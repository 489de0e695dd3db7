using Archive.Api.Extensions;

namespace Archive.Api.Tests.Hosting;

/// <summary>The wake-up the log sequencer and the search indexer share: many asks make one wake-up, and asking never throws.</summary>
public sealed class WakeSignalTests
{
    [Fact]
    public async Task Many_wakes_before_a_wait_make_one_wake_up()
    {
        using var signal = new WakeSignal();
        for (var i = 0; i < 5; i++)
        {
            signal.Wake();
        }

        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task A_wait_without_a_wake_ends_unwoken_and_a_later_wake_is_kept_for_the_next_wait()
    {
        using var signal = new WakeSignal();

        Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        signal.Wake();
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task A_waiting_loop_is_woken_by_a_wake_from_another_thread()
    {
        using var signal = new WakeSignal();
        var waiting = signal.WaitAsync(Timeout.InfiniteTimeSpan, CancellationToken.None);

        await Task.Run(signal.Wake);

        Assert.True(await waiting);
    }

    [Fact]
    public async Task Wakes_racing_on_many_threads_never_throw_and_leave_one_wake_up()
    {
        using var signal = new WakeSignal();

        Parallel.For(0, 10_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => signal.Wake());

        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }
}
