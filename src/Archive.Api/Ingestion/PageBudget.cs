using System.Diagnostics;
using System.Runtime;
using Microsoft.Extensions.Options;

namespace Archive.Api.Ingestion;

/// <summary>Configuration section <c>Ingestion</c>: how much page the process works on at once.</summary>
public sealed class PageBudgetOptions
{
    /// <summary>
    /// Bytes of raw pages read, decoded, extracted and stored at once. A page costs a small multiple of its size (the
    /// request's JSON and string, its bytes, the decoded text, the filtered markup) on top of what the engine's text cap
    /// (<c>Extraction:MaxTextChars</c>) bounds, so this bounds memory by the pages in flight, not by how many callers send
    /// big pages at once. A page larger than the budget takes all of it.
    /// </summary>
    public long BytesAtOnce { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Pages (and request bodies) at least this large are heavy: a request declaring such a body waits for its share before
    /// the body is read, and after each heavy page the heap is compacted before its share is given back. 1% of 1,900
    /// real pages measured are larger than 2 MB.
    /// </summary>
    public long HeavyPageBytes { get; set; } = 2 * 1024 * 1024;
}

/// <summary>
/// A weighted, first-come-first-served gate on the bytes of pages being ingested. Small pages share the budget freely;
/// a big page waits until its bytes fit, and nobody overtakes a waiting page, so a stream of small pages cannot starve
/// a big one.
/// <para>
/// When a heavy page is done, a compacting collection runs before its bytes are given back. A big page's strings and
/// arrays live on the large-object heap, which the collector neither compacts nor shrinks on its own: without this, the
/// garbage of one big page is still there while the next one builds its own, and the process keeps its peak long after
/// the burst (measured: 1,530 MiB peak, 1,062 MiB at the end, for four 9.9 MB uploads at once). The collection costs a
/// pause of tens of milliseconds on a heap of a few hundred MiB, paid once per heavy page, which real pages seldom are.
/// </para>
/// </summary>
public sealed class PageBudget(IOptions<PageBudgetOptions> options, ILogger<PageBudget> logger)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _waiting = new();
    // The lease a request took for its body (see PageBudgetMiddleware): work in that request's flow is covered by it already.
    private static readonly AsyncLocal<Lease?> Held = new();
    private long _inUse;

    private long Budget => Math.Max(1, options.Value.BytesAtOnce);

    /// <summary>Pages at least this large are heavy (<see cref="PageBudgetOptions.HeavyPageBytes"/>).</summary>
    public long HeavyPageBytes => options.Value.HeavyPageBytes;

    /// <summary>Bytes held by pages in flight now.</summary>
    public long InUse
    {
        get
        {
            lock (_lock)
            {
                return _inUse;
            }
        }
    }

    /// <summary>Pages waiting for room now.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>
    /// Waits until <paramref name="bytes"/> fit in the budget (all of it for a page larger than the budget). Within a request
    /// that holds a lease for its body already, returns at once with an empty lease: that lease covers the request's page,
    /// and waiting for a second share while holding the first could wait forever.
    /// </summary>
    public async Task<Lease> EnterAsync(long bytes, CancellationToken ct)
    {
        if (Held.Value is { Active: true })
        {
            return Lease.None;
        }
        var weight = Math.Clamp(bytes, 0, Budget);
        var lease = new Lease(this, weight, bytes >= HeavyPageBytes);
        Waiter waiter;
        lock (_lock)
        {
            if (_waiting.Count == 0 && _inUse + weight <= Budget)
            {
                _inUse += weight;
                return lease;
            }
            waiter = new Waiter(weight);
            waiter.Node = _waiting.AddLast(waiter);
        }
        await using (ct.Register(() => Cancel(waiter, ct)))
        {
            await waiter.Granted.Task;
        }
        return lease;
    }

    /// <summary>Marks <paramref name="lease"/> as covering the rest of the calling flow (a request whose body it was taken for).</summary>
    public static void HoldForThisFlow(Lease lease) => Held.Value = lease;

    private void Cancel(Waiter waiter, CancellationToken ct)
    {
        lock (_lock)
        {
            if (waiter.Node?.List is null)
            {
                return; // granted already: the caller gets its lease and gives it back
            }
            _waiting.Remove(waiter.Node);
            // The head may have left: those behind it may fit now.
            GrantWaiting();
        }
        waiter.Granted.TrySetCanceled(ct);
    }

    private void Release(long weight, bool heavy)
    {
        if (heavy)
        {
            Compact();
        }
        lock (_lock)
        {
            _inUse -= weight;
            GrantWaiting();
        }
    }

    // Called under the lock; grants in order while the head fits.
    private void GrantWaiting()
    {
        while (_waiting.First is { } first && _inUse + first.Value.Weight <= Budget)
        {
            _waiting.RemoveFirst();
            _inUse += first.Value.Weight;
            first.Value.Granted.TrySetResult();
        }
    }

    private void Compact()
    {
        var started = Stopwatch.GetTimestamp();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        // Aggressive: compacts every generation, the large-object heap included, and decommits what it frees.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        logger.LogDebug("Heap compacted after a heavy page in {Ms:F0} ms: {Heap} MiB", Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            GC.GetTotalMemory(forceFullCollection: false) >> 20);
    }

    private sealed class Waiter(long weight)
    {
        public long Weight { get; } = weight;
        public LinkedListNode<Waiter>? Node { get; set; }
        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Bytes taken from the budget; disposing gives them back (once).</summary>
    public sealed class Lease : IDisposable
    {
        internal static readonly Lease None = new(null, 0, heavy: false);
        private readonly long _weight;
        private readonly bool _heavy;
        private PageBudget? _budget;

        internal Lease(PageBudget? budget, long weight, bool heavy) => (_budget, _weight, _heavy) = (budget, weight, heavy);

        /// <summary>Holds bytes of the budget still.</summary>
        public bool Active => Volatile.Read(ref _budget) is not null;

        public void Dispose() => Interlocked.Exchange(ref _budget, null)?.Release(_weight, _heavy);
    }
}
