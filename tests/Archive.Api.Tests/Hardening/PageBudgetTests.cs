using Archive.Api.Ingestion;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Archive.Api.Tests.Hardening;

/// <summary>
/// The gate that bounds how much page the process works on at once (issue 10, item 5): four 9.9 MB uploads at once took
/// the service to 1.5 GiB when each went its own way. These pin its behaviour, not the process's memory (which
/// bench/hostile.sh measures).
/// </summary>
public sealed class PageBudgetTests
{
    private const long MiB = 1024 * 1024;

    private static PageBudget NewBudget(long bytes = 16 * MiB) =>
        new(Options.Create(new PageBudgetOptions { BytesAtOnce = bytes, HeavyPageBytes = 2 * MiB }), NullLogger<PageBudget>.Instance);

    [Fact]
    public async Task A_second_big_page_waits_until_the_first_is_done()
    {
        var budget = NewBudget();
        var first = await budget.EnterAsync(10 * MiB, CancellationToken.None);

        // The budget has no clock: a waiter is queued the moment it asks, so there is nothing to wait for before looking.
        var second = budget.EnterAsync(10 * MiB, CancellationToken.None);
        Assert.False(second.IsCompleted);
        Assert.Equal(1, budget.Waiting);

        first.Dispose();
        using var lease = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(10 * MiB, budget.InUse);
    }

    [Fact]
    public async Task Small_pages_share_what_a_big_page_leaves_free()
    {
        var budget = NewBudget();
        using var big = await budget.EnterAsync(10 * MiB, CancellationToken.None);

        var small = Enumerable.Range(0, 40).Select(_ => budget.EnterAsync(100 * 1024, CancellationToken.None)).ToList();

        Assert.All(small, s => Assert.True(s.IsCompletedSuccessfully));
        foreach (var s in small)
        {
            (await s).Dispose();
        }
        Assert.Equal(10 * MiB, budget.InUse);
    }

    [Fact]
    public async Task A_page_larger_than_the_budget_takes_all_of_it_and_still_runs()
    {
        var budget = NewBudget(4 * MiB);

        using (await budget.EnterAsync(50 * MiB, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)))
        {
            Assert.Equal(4 * MiB, budget.InUse);
            Assert.False(budget.EnterAsync(1, CancellationToken.None).IsCompleted);
        }
    }

    [Fact]
    public async Task Nobody_overtakes_a_waiting_page()
    {
        var budget = NewBudget();
        var first = await budget.EnterAsync(10 * MiB, CancellationToken.None);
        var big = budget.EnterAsync(10 * MiB, CancellationToken.None);

        // It would fit beside the first page, but the big page came before it.
        var small = budget.EnterAsync(1 * MiB, CancellationToken.None);
        Assert.False(small.IsCompleted);

        first.Dispose();
        using var bigLease = await big.WaitAsync(TimeSpan.FromSeconds(10));
        using var smallLease = await small.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(11 * MiB, budget.InUse);
    }

    [Fact]
    public async Task A_caller_that_gives_up_leaves_the_line_and_those_behind_it_move_on()
    {
        var budget = NewBudget();
        using var first = await budget.EnterAsync(10 * MiB, CancellationToken.None);
        using var gaveUp = new CancellationTokenSource();
        var big = budget.EnterAsync(10 * MiB, gaveUp.Token);
        var small = budget.EnterAsync(1 * MiB, CancellationToken.None);

        await gaveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => big);
        using var smallLease = await small.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, budget.Waiting);
        Assert.Equal(11 * MiB, budget.InUse);
    }

    [Fact]
    public async Task A_lease_is_given_back_once_however_often_it_is_disposed()
    {
        var budget = NewBudget();
        var lease = await budget.EnterAsync(3 * MiB, CancellationToken.None);
        using var other = await budget.EnterAsync(1 * MiB, CancellationToken.None);

        lease.Dispose();
        lease.Dispose();

        Assert.Equal(1 * MiB, budget.InUse);
    }

    [Fact]
    public async Task Work_inside_a_request_that_holds_its_share_does_not_queue_again()
    {
        var budget = NewBudget();
        using var request = await budget.EnterAsync(16 * MiB, CancellationToken.None);
        PageBudget.HoldForThisFlow(request);

        // The upload's ingestion asks again; waiting for room its own request holds would wait forever.
        var ingestion = budget.EnterAsync(10 * MiB, CancellationToken.None);

        Assert.True(ingestion.IsCompletedSuccessfully);
        (await ingestion).Dispose();
        Assert.Equal(16 * MiB, budget.InUse);
    }
}
