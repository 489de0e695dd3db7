using NpgsqlTypes;

namespace Archive.Data.Replicas;

/// <summary>
/// What this unit of work (one HTTP request, one worker job) allows its reads: by default nothing but the primary. The host
/// opens it to the replica for a read-only request and names the caller's last write, which the replica must have replayed.
/// </summary>
public sealed class ReadRoute
{
    public bool ReplicaAllowed { get; private set; }

    public NpgsqlLogSequenceNumber After { get; private set; }

    /// <summary>True once a read context of this unit was given the replica (what it answers may be slightly behind).</summary>
    public bool ServedByReplica { get; internal set; }

    public void AllowReplica(NpgsqlLogSequenceNumber after)
    {
        ReplicaAllowed = true;
        After = after;
    }
}
