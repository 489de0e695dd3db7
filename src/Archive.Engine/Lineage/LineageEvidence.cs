namespace Archive.Engine.Lineage;

/// <summary>One reason to believe a link, JSON-serialisable as <c>{type, detail}</c>.</summary>
/// <param name="Type">One of the <see cref="EvidenceTypes"/> constants.</param>
/// <param name="Detail">Human-readable specifics: the attribution line, the link, the time difference.</param>
public sealed record LineageEvidence(string Type, string Detail);

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

    /// <summary>Both credit the same news agency: a common source, not copying between the two.</summary>
    public const string SharedWireCredit = "sharedWireCredit";

    /// <summary>The source was published before the copy.</summary>
    public const string PublishedEarlier = "publishedEarlier";

    /// <summary>The source was published after the copy (evidence against).</summary>
    public const string PublishedLater = "publishedLater";

    /// <summary>Text overlap figures.</summary>
    public const string Text = "text";
}
