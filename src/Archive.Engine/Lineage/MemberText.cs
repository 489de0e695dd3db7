namespace Archive.Engine.Lineage;

/// <summary>A member's text cut into paragraphs with their tokens, keys and shingles, and its page's other text, computed
/// once per resolution and shared by every pair the member is part of.</summary>
internal sealed class MemberText
{
    private HashSet<long>? _pageShingles;
    private string? _pageFolded;
    private OutletNames? _names;
    private string? _folded;

    public MemberText(LineageMember member)
        : this(member, Shingles.HashSet(member.CanonicalText))
    {
    }

    /// <param name="all">The shingles of the member's whole text, as the resolution already computed them for its comparisons.</param>
    public MemberText(LineageMember member, HashSet<long> all)
    {
        Member = member;
        Paragraphs = [.. member.CanonicalText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => new TextParagraph(p, Shingles.Tokenize(p)))
            .Where(p => p.Tokens.Count > 0)];
        All = all;
    }

    public LineageMember Member { get; }

    public IReadOnlyList<TextParagraph> Paragraphs { get; }

    /// <summary>The shingles of the whole text.</summary>
    public HashSet<long> All { get; }

    public OutletNames Names => _names ??= Outlets.NamesOf(Member);

    private HashSet<long> PageShingles => _pageShingles ??= [.. Member.PageText.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .SelectMany(block => Shingles.Hashes(block.Split(' ')))];

    private string PageFolded => _pageFolded ??= " " + Member.PageText.Replace("\n", " \n ", StringComparison.Ordinal) + " ";

    /// <summary>Whether this member's page showed <paramref name="paragraph"/> outside its article text: most of its
    /// shingles, or, for a paragraph of a few words, the words themselves.</summary>
    public bool PageShows(TextParagraph paragraph)
    {
        if (Member.PageText.Length == 0)
        {
            return false;
        }
        if (paragraph.Tokens.Count < Shingles.Size)
        {
            return PageFolded.Contains(" " + paragraph.Folded + " ", StringComparison.Ordinal);
        }
        return paragraph.Shingles.Count(PageShingles.Contains) >= paragraph.Shingles.Count * TextParagraph.MostOf;
    }

    /// <summary>How many of <paramref name="copy"/>'s shingles this member's page explains: its text, or what else the
    /// page showed (a copy that kept a caption the source's cleaner set aside still took it from that page).</summary>
    public int Explains(MemberText copy) =>
        Member.PageText.Length == 0 ? copy.All.Count(All.Contains) : copy.All.Count(s => All.Contains(s) || PageShingles.Contains(s));

    /// <summary>The share of <paramref name="paragraph"/>'s shingles this member's text carries; for a paragraph of a
    /// few words, 1 when the text holds those words in a row.</summary>
    public double Carries(TextParagraph paragraph)
    {
        if (paragraph.Tokens.Count < Shingles.Size)
        {
            _folded ??= " " + PageText.Fold(Member.CanonicalText) + " ";
            return _folded.Contains(" " + paragraph.Folded + " ", StringComparison.Ordinal) ? 1 : 0;
        }
        return (double)paragraph.Shingles.Count(All.Contains) / paragraph.Shingles.Count;
    }
}

internal sealed class TextParagraph(string text, IReadOnlyList<string> tokens)
{
    /// <summary>Share of a paragraph's shingles another text must hold for the paragraph to count as taken from it.</summary>
    public const double MostOf = 0.5;

    private HashSet<long>? _shingles;
    private long? _key;

    public string Text { get; } = text;

    public IReadOnlyList<string> Tokens { get; } = tokens;

    public string Folded => string.Join(' ', Tokens);

    public HashSet<long> Shingles => _shingles ??= [.. Lineage.Shingles.Hashes(Tokens)];

    public long Key => _key ??= SiteParagraphs.Key(Text);
}
