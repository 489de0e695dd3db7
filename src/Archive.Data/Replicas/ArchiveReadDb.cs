namespace Archive.Data.Replicas;

/// <summary>
/// The context read endpoints query. It is the replica's when the unit's <see cref="ReadRoute"/> allows it and the replica is
/// close enough and has replayed the caller's last write; otherwise it is the unit's own primary context (the same instance,
/// so a read inside a write's transaction still sees that write). Writes and the worker never get the replica.
/// </summary>
public sealed class ArchiveReadDb : IAsyncDisposable
{
    private readonly ArchiveDbContext? rented;

    public ArchiveReadDb(ArchiveDbContext primary, ReadRoute route, ReadReplica? replica = null)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (replica is not null && route.ReplicaAllowed && replica.CanServe(route.After))
        {
            rented = replica.CreateContext();
            route.ServedByReplica = true;
        }
        Context = rented ?? primary;
    }

    public ArchiveDbContext Context { get; }

    public ValueTask DisposeAsync() => rented?.DisposeAsync() ?? ValueTask.CompletedTask;
}
