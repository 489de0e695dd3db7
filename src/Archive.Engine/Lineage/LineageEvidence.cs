namespace Archive.Engine.Lineage;

/// <summary>One reason to believe a link, JSON-serialisable as <c>{type, detail, of, basis, by}</c>.</summary>
/// <param name="Type">One of the <see cref="EvidenceTypes"/> constants.</param>
/// <param name="Detail">Human-readable specifics: the attribution line, the link, the time difference.</param>
/// <param name="Of">Whose page it comes from (<see cref="EvidenceSides"/>); null when it compares both or is about the text.</param>
/// <param name="Basis"><see cref="EvidenceBasis.Observed"/> or <see cref="EvidenceBasis.Claimed"/>; null for figures the
/// archive computed from the texts.</param>
/// <param name="By">Who made the claim (a key, <c>key:&lt;id&gt;</c>) or, for an observation, the trusted key or
/// <see cref="EvidenceBy.Archive"/> that recorded it; null for what the archive's worker fetched.</param>
public sealed record LineageEvidence(string Type, string Detail, string? Of = null, EvidenceBasis? Basis = null, string? By = null);

public static class EvidenceSides
{
    /// <summary>The republication's page.</summary>
    public const string Copy = "copy";

    /// <summary>The page it was taken from.</summary>
    public const string Source = "source";
}

public static class EvidenceTypes
{
    /// <summary>The copy's <c>rel=canonical</c> points to the source's URL on another domain.</summary>
    public const string Canonical = "canonical";

    /// <summary>The copy's JSON-LD <c>isBasedOn</c> names the source's URL.</summary>
    public const string IsBasedOn = "isBasedOn";

    /// <summary>An attribution line in the copy names the source's outlet or domain.</summary>
    public const string AttributionName = "attributionName";

    /// <summary>An attribution line or body link in the copy points to the source's exact URL.</summary>
    public const string LinkToSource = "linkToSource";

    /// <summary>An attribution line or body link in the copy points to the source's domain (another page of it).</summary>
    public const string LinkToSourceDomain = "linkToSourceDomain";

    /// <summary>The copy's byline names the source's outlet.</summary>
    public const string Byline = "byline";

    /// <summary>When a page says it was published (when the pair's comparison could not use both dates).</summary>
    public const string Published = "published";

    /// <summary>When a page without a publish time says it was last changed; it placed the page.</summary>
    public const string Modified = "modified";

    /// <summary>How a page reached the archive: fetched by its worker, or uploaded by a key (with the stated capture time).</summary>
    public const string Captured = "captured";

    /// <summary>When the archive first received a page's text: its own observation, whoever sent the page.</summary>
    public const string FirstSeen = "firstSeen";

    /// <summary>A claimed publish time was set aside because an observation of the other page outranks it.</summary>
    public const string ClaimSetAside = "claimSetAside";

    /// <summary>How the text was reused: what the copy added of its own and what it carried that was not its own.</summary>
    public const string Reuse = "reuse";

    /// <summary>Both credit the same news agency: a common source, not copying between the two.</summary>
    public const string SharedWireCredit = "sharedWireCredit";

    /// <summary>The source was published before the copy.</summary>
    public const string PublishedEarlier = "publishedEarlier";

    /// <summary>The source was published after the copy (evidence against).</summary>
    public const string PublishedLater = "publishedLater";

    /// <summary>Text overlap figures.</summary>
    public const string Text = "text";
}
