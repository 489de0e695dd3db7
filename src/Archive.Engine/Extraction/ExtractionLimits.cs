namespace Archive.Engine.Extraction;

/// <summary>
/// Bounds on the work one page may cost the engine, so that no input can take the process down or hold a worker for
/// long. Markup past the nesting, size and width limits is flattened before parsing (its text is kept); a page that
/// still cannot be processed within <see cref="MaxTreeDepth"/> or <see cref="ParseBudget"/> fails with
/// <see cref="PageTooComplexException"/>. The defaults leave every one of 1,678 real pages measured untouched
/// (deepest 55 levels, most elements 10,088, widest element 2,170 children).
/// </summary>
public sealed record ExtractionLimits
{
    public static readonly ExtractionLimits Default = new();

    /// <summary>Levels the parser may nest (html and body included); deeper start tags are dropped, as browsers do at 512.</summary>
    public int MaxNesting { get; init; } = 512;

    /// <summary>Elements and text runs the parser may create for one page; later tags are dropped.</summary>
    public int MaxNodes { get; init; } = 100_000;

    /// <summary>
    /// Children one element may have; later tags are dropped. AngleSharp finds a node's next sibling by searching its
    /// parent's child list, so walking (or removing) the children of one element costs the square of their number.
    /// </summary>
    public int MaxChildren { get; init; } = 5_000;

    /// <summary>
    /// Characters of text (outside tags) the engine reads from one page; the page is cut where they run out and the
    /// article carries <see cref="ExtractionWarnings.TextCut"/>. The stages hold several copies of a page's text at once
    /// (blocks, normalised lines, features, clean HTML: about 30 bytes per character at the peak), so this, not the page's
    /// size in bytes, bounds the memory one page costs. The most text in a body of 1,900 real pages measured is 390,352
    /// characters (99th percentile 142,054).
    /// </summary>
    public int MaxTextChars { get; init; } = 1_000_000;

    /// <summary>The deepest tree any stage is given: recursive walks never go deeper than this.</summary>
    public int MaxTreeDepth { get; init; } = 1_024;

    /// <summary>Wall-clock time one parse may take.</summary>
    public TimeSpan ParseBudget { get; init; } = TimeSpan.FromSeconds(30);
}
