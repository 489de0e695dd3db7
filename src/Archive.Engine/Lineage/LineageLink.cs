using System.Text.Json.Serialization;

namespace Archive.Engine.Lineage;

/// <summary>
/// One republication in a family, as the lead stores it in <c>lineage_links</c>. Every field is JSON-serialisable.
/// </summary>
/// <param name="RepublicationId">The member that carries taken text.</param>
/// <param name="DerivedFromId">The member it was taken from (for a copy of a copy, the intermediate copy).</param>
/// <param name="OriginId">The story's first publication: the root reached through <paramref name="DerivedFromId"/>.</param>
/// <param name="Kind">The summary of <paramref name="DeclaredBy"/> and
/// <paramref name="Reuse"/> (<see cref="LineageKinds.Of"/>).</param>
/// <param name="Similarity">Jaccard similarity of the two texts' shingle sets.</param>
/// <param name="Containment">Share of the republication's text found in the derived-from text (1 for an excerpt or a
/// verbatim copy; lower where the republisher added commentary).</param>
/// <param name="SourceCoverage">Share of the derived-from text the republication carries (about 0.2 for an excerpt of a
/// fifth; 1 for a verbatim copy or one with commentary).</param>
/// <param name="Evidence">Why: markup, attribution lines, links, publish times, wire credits, text figures.</param>
/// <param name="Diff">What the republication added and dropped relative to the derived-from text.</param>
/// <param name="DeclaredBy">How the copy declares its source.</param>
/// <param name="Reuse">How it reused the source's text.</param>
/// <param name="Basis"><see cref="EvidenceBasis.Claimed"/> when either page is a claim (an upload by an untrusted key),
/// else <see cref="EvidenceBasis.Observed"/>.</param>
public sealed record LineageLink(
    Guid RepublicationId,
    Guid DerivedFromId,
    Guid OriginId,
    LineageKind Kind,
    double Similarity,
    double Containment,
    double SourceCoverage,
    IReadOnlyList<LineageEvidence> Evidence,
    PassageDiff Diff,
    LineageDeclaration DeclaredBy = LineageDeclaration.None,
    LineageReuse Reuse = LineageReuse.Verbatim,
    EvidenceBasis Basis = EvidenceBasis.Observed);

/// <summary>How a copy declares where its text came from.</summary>
[JsonConverter(typeof(EnumTextJsonConverter<LineageDeclaration>))]
public enum LineageDeclaration
{
    /// <summary>Nowhere: no attribution line, credit link, byline or markup names the source.</summary>
    None,

    /// <summary>A line, credit link or byline naming the source's outlet, domain or page, in any wording or language.</summary>
    Attribution,

    /// <summary>Machine-readable markup: a cross-domain <c>rel=canonical</c> or JSON-LD <c>isBasedOn</c> to the source.</summary>
    Markup,
}

/// <summary>How a copy reused its source's text.</summary>
[JsonConverter(typeof(EnumTextJsonConverter<LineageReuse>))]
public enum LineageReuse
{
    /// <summary>The whole text, unchanged, with nothing of the republisher's own.</summary>
    Verbatim,

    /// <summary>The first part of the text only, unchanged.</summary>
    Excerpt,

    /// <summary>The whole text, unchanged, plus paragraphs the republisher wrote.</summary>
    Commentary,

    /// <summary>Reworded, cut or reordered.</summary>
    Edited,
}

/// <summary>
/// The one-word summary of a link kept for existing callers: a verbatim copy is named by how it declares its source
/// (<c>verbatim</c> when it does not, <c>attributed</c>, <c>markup</c>); any other copy by its reuse (<c>commentary</c>,
/// <c>excerpt</c>, <c>edited</c>). The two axes themselves are on every link. <see cref="Origin"/> is no link's kind: it
/// names the story's first publication where an answer lists every member of a family.
/// </summary>
[JsonConverter(typeof(EnumTextJsonConverter<LineageKind>))]
public enum LineageKind
{
    /// <summary>The text unchanged, no attribution anywhere.</summary>
    Verbatim,

    /// <summary>The text unchanged, with a line or link naming the source.</summary>
    Attributed,

    /// <summary>The text unchanged, the source declared in markup (canonical link, JSON-LD isBasedOn).</summary>
    Markup,

    /// <summary>The whole text plus the republisher's own paragraphs.</summary>
    Commentary,

    /// <summary>The first part of the text only.</summary>
    Excerpt,

    /// <summary>Reworded, shortened or reordered.</summary>
    Edited,

    /// <summary>The family's origin, which took its text from no one.</summary>
    Origin,
}

public static class LineageKinds
{
    /// <summary>The kinds a link can have (every kind but <see cref="LineageKind.Origin"/>), in declaration order.</summary>
    public static IReadOnlyList<LineageKind> All { get; } = [.. Enum.GetValues<LineageKind>().Where(k => k != LineageKind.Origin)];

    /// <summary>Their texts, as a filter names them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(k => EnumText.Of(k))];

    /// <summary>The summary of a declaration and a reuse.</summary>
    public static LineageKind Of(LineageDeclaration declaredBy, LineageReuse reuse) => reuse switch
    {
        LineageReuse.Verbatim => declaredBy switch
        {
            LineageDeclaration.Markup => LineageKind.Markup,
            LineageDeclaration.Attribution => LineageKind.Attributed,
            _ => LineageKind.Verbatim,
        },
        LineageReuse.Excerpt => LineageKind.Excerpt,
        LineageReuse.Commentary => LineageKind.Commentary,
        _ => LineageKind.Edited,
    };
}
