namespace Archive.Engine.Lineage;

/// <summary>
/// The exact comparison of two canonical texts A and B over their shingle sets, and what B changed relative to A.
/// </summary>
/// <param name="Similarity">Jaccard similarity |A∩B| / |A∪B|.</param>
/// <param name="ContainmentOfAInB">|A∩B| / |A|: how much of A's text B carries.</param>
/// <param name="ContainmentOfBInA">|A∩B| / |B|: how much of B's text A carries.</param>
public sealed record TextComparison(
    double Similarity,
    double ContainmentOfAInB,
    double ContainmentOfBInA,
    int SharedShingles,
    int ShinglesA,
    int ShinglesB,
    PassageDiff Diff)
{
    /// <summary>Containment of the smaller text in the larger: 1 for an excerpt, an original inside a copy with
    /// commentary, or a verbatim copy; low when the texts only share a quoted paragraph.</summary>
    public double SmallerContainment => Math.Max(ContainmentOfAInB, ContainmentOfBInA);

    /// <summary>The same comparison seen from B's side.</summary>
    public TextComparison Swap() =>
        new(Similarity, ContainmentOfBInA, ContainmentOfAInB, SharedShingles, ShinglesB, ShinglesA, Diff.Swap());
}

/// <summary>Passages (paragraphs) B added or dropped relative to A; JSON-serialisable.</summary>
/// <param name="Added">Paragraphs of B with no counterpart in A (commentary, a republisher's intro).</param>
/// <param name="Dropped">Paragraphs of A with no counterpart in B (the rest of an excerpted article, cut sentences).</param>
/// <param name="Edited">Paragraphs that B kept but changed (words replaced, sentences cut).</param>
/// <param name="Moved">Paragraphs B kept unchanged but at another place.</param>
public sealed record PassageDiff(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Dropped,
    IList<EditedPassage> Edited,
    IReadOnlyList<string> Moved)
{
    // For EF Core, which cannot pass a collection of complex values to a constructor: it fills the properties instead.
    private PassageDiff()
        : this([], [], [], [])
    {
    }

    public static PassageDiff Empty { get; } = new([], [], [], []);

    public bool IsEmpty => Added.Count == 0 && Dropped.Count == 0 && Edited.Count == 0 && Moved.Count == 0;

    public PassageDiff Swap() => new(Dropped, Added, [.. Edited.Select(e => new EditedPassage(e.After, e.Before))], Moved);
}

public sealed record EditedPassage(string Before, string After);
