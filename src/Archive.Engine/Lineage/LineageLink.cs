namespace Archive.Engine.Lineage;

/// <summary>
/// One republication in a family, as the lead stores it in <c>lineage_links</c>. Every field is JSON-serialisable.
/// </summary>
/// <param name="RepublicationId">The member that carries taken text.</param>
/// <param name="DerivedFromId">The member it was taken from (for a copy of a copy, the intermediate copy).</param>
/// <param name="OriginId">The story's first publication: the root reached through <paramref name="DerivedFromId"/>.</param>
/// <param name="Kind">One of <see cref="LineageKinds"/>.</param>
/// <param name="Similarity">Jaccard similarity of the two texts' shingle sets.</param>
/// <param name="Containment">Share of the republication's text found in the derived-from text (1 for an excerpt or a
/// verbatim copy; lower where the republisher added commentary).</param>
/// <param name="SourceCoverage">Share of the derived-from text the republication carries (about 0.2 for an excerpt of a
/// fifth; 1 for a verbatim copy or one with commentary).</param>
/// <param name="Evidence">Why: markup, attribution lines, links, publish times, wire credits, text figures.</param>
/// <param name="Diff">What the republication added and dropped relative to the derived-from text.</param>
public sealed record LineageLink(
    string RepublicationId,
    string DerivedFromId,
    string OriginId,
    string Kind,
    double Similarity,
    double Containment,
    double SourceCoverage,
    IReadOnlyList<LineageEvidence> Evidence,
    PassageDiff Diff);

public static class LineageKinds
{
    /// <summary>The text unchanged, no attribution anywhere.</summary>
    public const string Verbatim = "verbatim";

    /// <summary>The text unchanged, with a line or link naming the source.</summary>
    public const string Attributed = "attributed";

    /// <summary>The text unchanged, the source declared only in markup (canonical link, JSON-LD isBasedOn).</summary>
    public const string Markup = "markup";

    /// <summary>The whole text plus the republisher's own paragraphs.</summary>
    public const string Commentary = "commentary";

    /// <summary>The first part of the text only.</summary>
    public const string Excerpt = "excerpt";

    /// <summary>Reworded, shortened or reordered.</summary>
    public const string Edited = "edited";

    public static IReadOnlyList<string> All { get; } = [Verbatim, Attributed, Markup, Commentary, Excerpt, Edited];
}
