using System.Text.Json.Serialization;

namespace Archive.Engine.Lineage;

/// <summary>How a member's page reached the archive, which decides how far what it says can be believed.</summary>
/// <param name="Basis"><c>observed</c> when the archive's own worker fetched the page
/// (or a key the admin trusts uploaded it), <c>claimed</c> when a key uploaded it: everything the page says, its publish
/// time included, is then that key's claim.</param>
/// <param name="By">Who brought the page: <c>worker</c>, <c>key:&lt;id&gt;</c> or <c>loopback</c> (open local mode).</param>
/// <param name="Trusted">Whether <paramref name="By"/> is a key the admin marked as trusted (its uploads count as observed).</param>
/// <param name="CapturedAt">When the page was captured: observed for a fetch, the uploader's statement for an upload.</param>
/// <param name="FirstSeen">When the archive itself first received this text (its own clock, or the transparency log):
/// an observation whoever sent it, and an upper bound on when the text existed.</param>
/// <param name="FirstSeenLogIndex">The transparency log entry that recorded it, where one exists.</param>
public sealed record Provenance(
    EvidenceBasis Basis,
    string By,
    bool Trusted = false,
    DateTimeOffset? CapturedAt = null,
    DateTimeOffset? FirstSeen = null,
    long? FirstSeenLogIndex = null)
{
    /// <summary>A page of unknown provenance, treated as observed: the default for callers that do not track it.</summary>
    public static Provenance Unknown { get; } = new(EvidenceBasis.Observed, EvidenceBy.Worker);

    public bool IsClaim => Basis == EvidenceBasis.Claimed;
}

/// <summary>Whether a piece of evidence was observed by the archive or claimed by whoever uploaded the page.</summary>
[JsonConverter(typeof(EnumTextJsonConverter<EvidenceBasis>))]
public enum EvidenceBasis
{
    Observed,
    Claimed,
}

/// <summary>Who recorded a piece of evidence, where it is not a key.</summary>
public static class EvidenceBy
{
    /// <summary>The <see cref="Provenance.By"/> of a page the archive's worker fetched.</summary>
    public const string Worker = "worker";

    /// <summary>The <see cref="LineageEvidence.By"/> of what the archive's own clock or log recorded.</summary>
    public const string Archive = "archive";
}
