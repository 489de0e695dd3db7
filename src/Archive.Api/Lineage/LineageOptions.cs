using Archive.Data;

namespace Archive.Api.Lineage;

/// <summary>Configuration section <c>Lineage</c>.</summary>
public sealed class LineageOptions
{
    /// <summary>Fingerprint keys held by this many articles or more are ignored when looking for candidates.</summary>
    public int CommonKeyLimit { get; set; } = FingerprintSql.DefaultCommonKeyLimit;
    /// <summary>How often the sweeper looks for lineage owed to articles whose update never finished.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How long an owed update may stay pending before the sweeper runs it (the upload normally does within ms).</summary>
    public TimeSpan SweepAfter { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Whether the process resolves a made-up pair at start so its first real family update is not the one that
    /// pays for compiling the family path (see <see cref="LineageWarmUp"/>).</summary>
    public bool WarmUp { get; set; } = true;
}
