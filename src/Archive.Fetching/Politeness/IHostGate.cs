namespace Archive.Fetching.Politeness;

/// <summary>Per-host politeness for fetches: <see cref="HostGate"/> within one process, or one shared by every worker.</summary>
public interface IHostGate
{
    /// <summary>Waits until a fetch of <paramref name="host"/> may start; disposing the result ends it.</summary>
    Task<IDisposable> EnterAsync(string host, CancellationToken ct);

    /// <summary>Hosts a fetch could not start on now: the queue leases other hosts' jobs first.</summary>
    IReadOnlyCollection<string> BusyHosts();
}
