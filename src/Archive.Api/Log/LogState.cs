using Archive.Data;

namespace Archive.Api.Log;

/// <summary>
/// The latest checkpoint this process knows: set by the sequencer after every pass (and its idle poll, which sees passes of
/// other processes), so reads need not ask the database for it. A caller needing a larger tree asks <see cref="LogStore"/>.
/// </summary>
public sealed class LogState
{
    private LogStore.SignedCheckpoint? _latest;

    public LogStore.SignedCheckpoint? Latest => Volatile.Read(ref _latest);

    /// <summary>Keeps the larger of the known and the given checkpoint (passes of several processes may report out of order).</summary>
    public void Observe(LogStore.SignedCheckpoint checkpoint)
    {
        while (true)
        {
            var known = Volatile.Read(ref _latest);
            if (known is not null && known.TreeSize >= checkpoint.TreeSize)
            {
                return;
            }
            if (Interlocked.CompareExchange(ref _latest, checkpoint, known) == known)
            {
                return;
            }
        }
    }

    /// <summary>The latest checkpoint covering at least <paramref name="treeSize"/> entries, from memory when it can.</summary>
    public async Task<LogStore.SignedCheckpoint?> AtLeastAsync(long treeSize, LogStore store, CancellationToken ct)
    {
        if (Latest is { } known && known.TreeSize >= treeSize)
        {
            return known;
        }
        if (await store.LatestCheckpointAsync(ct) is { } stored)
        {
            Observe(stored);
        }
        return Latest;
    }
}
