namespace Archive.Data.Replicas;

/// <summary>How far a streaming replica may fall behind before reads go back to the primary (section <c>ReadReplica</c>).</summary>
public sealed class ReadReplicaOptions
{
    /// <summary>
    /// A replica more than this far behind the primary serves nothing; a caller's own writes are also remembered this long
    /// (plus two probes), so a replica allowed to serve has always replayed them.
    /// </summary>
    public TimeSpan MaxLag { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the replica's replay position and the primary's WAL position are read.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a caller's write marker lasts: past it the lag bound alone guarantees the write is replayed.</summary>
    public TimeSpan MarkerLifetime => MaxLag + ProbeInterval + ProbeInterval;
}
