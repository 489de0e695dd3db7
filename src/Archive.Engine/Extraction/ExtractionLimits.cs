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

    /// <summary>The deepest tree any stage is given: recursive walks never go deeper than this.</summary>
    public int MaxTreeDepth { get; init; } = 1_024;

    /// <summary>Wall-clock time one parse may take.</summary>
    public TimeSpan ParseBudget { get; init; } = TimeSpan.FromSeconds(30);
}
