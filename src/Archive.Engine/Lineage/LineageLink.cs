namespace Archive.Engine.Lineage;

/// <summary>
/// One republication in a family, as the lead stores it in <c>lineage_links</c>. Every field is JSON-serialisable.
/// </summary>
/// <param name="RepublicationId">The member that carries taken text.</param>
/// <param name="DerivedFromId">The member it was taken from (for a copy of a copy, the intermediate copy).</param>
/// <param name="OriginId">The story's first publication: the root reached through <paramref name="DerivedFromId"/>.</param>
/// <param name="Kind">One of <see cref="LineageKinds"/>: the summary of <paramref name="DeclaredBy"/> and
/// <paramref name="Reuse"/> (<see cref="LineageKinds.Of"/>).</param>
/// <param name="Similarity">Jaccard similarity of the two texts' shingle sets.</param>
/// <param name="Containment">Share of the republication's text found in the derived-from text (1 for an excerpt or a
/// verbatim copy; lower where the republisher added commentary).</param>
/// <param name="SourceCoverage">Share of the derived-from text the republication carries (about 0.2 for an excerpt of a
/// fifth; 1 for a verbatim copy or one with commentary).</param>
/// <param name="Evidence">Why: markup, attribution lines, links, publish times, wire credits, text figures.</param>
/// <param name="Diff">What the republication added and dropped relative to the derived-from text.</param>
/// <param name="DeclaredBy">How the copy declares its source: one of <see cref="LineageDeclarations"/>.</param>
/// <param name="Reuse">How it reused the source's text: one of <see cref="LineageReuses"/>.</param>
/// <param name="Basis"><see cref="EvidenceBasis.Claimed"/> when either page is a claim (an upload by an untrusted key),
/// else <see cref="EvidenceBasis.Observed"/>.</param>
public sealed record LineageLink(
    string RepublicationId,
    string DerivedFromId,
    string OriginId,
    string Kind,
    double Similarity,
    double Containment,
    double SourceCoverage,
    IReadOnlyList<LineageEvidence> Evidence,
    PassageDiff Diff,
    string DeclaredBy = LineageDeclarations.None,
    string Reuse = LineageReuses.Verbatim,
    string Basis = EvidenceBasis.Observed);

/// <summary>How a copy declares where its text came from.</summary>
public static class LineageDeclarations
{
    /// <summary>Nowhere: no attribution line, credit link, byline or markup names the source.</summary>
    public const string None = "none";

    /// <summary>A line, credit link or byline naming the source's outlet, domain or page, in any wording or language.</summary>
    public const string Attribution = "attribution";

    /// <summary>Machine-readable markup: a cross-domain <c>rel=canonical</c> or JSON-LD <c>isBasedOn</c> to the source.</summary>
    public const string Markup = "markup";

    public static IReadOnlyList<string> All { get; } = [None, Attribution, Markup];
}

/// <summary>How a copy reused its source's text.</summary>
public static class LineageReuses
{
    /// <summary>The whole text, unchanged, with nothing of the republisher's own.</summary>
    public const string Verbatim = "verbatim";

    /// <summary>The first part of the text only, unchanged.</summary>
    public const string Excerpt = "excerpt";

    /// <summary>The whole text, unchanged, plus paragraphs the republisher wrote.</summary>
    public const string Commentary = "commentary";

    /// <summary>Reworded, cut or reordered.</summary>
    public const string Edited = "edited";

    public static IReadOnlyList<string> All { get; } = [Verbatim, Excerpt, Commentary, Edited];
}

/// <summary>
/// The one-word summary of a link kept for existing callers: a verbatim copy is named by how it declares its source
/// (<c>verbatim</c> when it does not, <c>attributed</c>, <c>markup</c>); any other copy by its reuse (<c>commentary</c>,
/// <c>excerpt</c>, <c>edited</c>). The two axes themselves are on every link.
/// </summary>
public static class LineageKinds
{
    /// <summary>The text unchanged, no attribution anywhere.</summary>
    public const string Verbatim = "verbatim";

    /// <summary>The text unchanged, with a line or link naming the source.</summary>
    public const string Attributed = "attributed";

    /// <summary>The text unchanged, the source declared in markup (canonical link, JSON-LD isBasedOn).</summary>
    public const string Markup = "markup";

    /// <summary>The whole text plus the republisher's own paragraphs.</summary>
    public const string Commentary = "commentary";

    /// <summary>The first part of the text only.</summary>
    public const string Excerpt = "excerpt";

    /// <summary>Reworded, shortened or reordered.</summary>
    public const string Edited = "edited";

    public static IReadOnlyList<string> All { get; } = [Verbatim, Attributed, Markup, Commentary, Excerpt, Edited];

    /// <summary>The summary of a declaration and a reuse.</summary>
    public static string Of(string declaredBy, string reuse) => reuse switch
    {
        LineageReuses.Verbatim => declaredBy switch
        {
            LineageDeclarations.Markup => Markup,
            LineageDeclarations.Attribution => Attributed,
            _ => Verbatim,
        },
        _ => reuse,
    };
}
