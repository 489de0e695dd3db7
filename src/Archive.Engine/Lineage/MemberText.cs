namespace Archive.Engine.Lineage;

/// <summary>A member's text cut into paragraphs with their tokens, keys and shingles, and its page's other text, computed
/// once per resolution and shared by every pair the member is part of.</summary>
internal sealed class MemberText
{
    private readonly SharedText _shared;
    private HashSet<long>? _pageShingles;
    private string? _pageFolded;
    private OutletNames? _names;
    private MemberPointers? _pointers;

    public MemberText(LineageMember member)
        : this(member, Shingles.HashSet(member.CanonicalText), new FamilyTexts())
    {
    }

    /// <param name="all">The shingles of the member's whole text, as the resolution already computed them for its comparisons.</param>
    /// <param name="texts">What the resolution's members share: a paragraph's tokens and shingles, and a text's
    /// <see cref="Carries"/> answers, are computed once for all members that hold the same paragraph or the same text.</param>
    public MemberText(LineageMember member, HashSet<long> all, FamilyTexts texts)
    {
        Member = member;
        All = all;
        _shared = texts.Text(member.CanonicalText);
        Paragraphs = [.. texts.ParagraphsOf(member.CanonicalText, _shared).Select(facts => new TextParagraph(facts.Text, facts))];
    }

    public LineageMember Member { get; }

    public IReadOnlyList<TextParagraph> Paragraphs { get; }

    /// <summary>The shingles of the whole text.</summary>
    public HashSet<long> All { get; }

    public OutletNames Names => _names ??= Outlets.NamesOf(Member);

    public MemberPointers Pointers => _pointers ??= new MemberPointers(Member);

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
        if (paragraph.TokenCount < Shingles.Size)
        {
            return PageFolded.Contains(" " + paragraph.Folded + " ", StringComparison.Ordinal);
        }
        return Shingles.CountIn(paragraph.Shingles, PageShingles) >= paragraph.Shingles.Count * TextParagraph.MostOf;
    }

    /// <summary>How many of <paramref name="copy"/>'s shingles this member's page explains: its text, or what else the
    /// page showed (a copy that kept a caption the source's cleaner set aside still took it from that page).</summary>
    public int Explains(MemberText copy)
    {
        if (Member.PageText.Length == 0)
        {
            return Shingles.CountIn(copy.All, All);
        }
        var (all, page, count) = (All, PageShingles, 0);
        foreach (var shingle in copy.All)
        {
            if (all.Contains(shingle) || page.Contains(shingle))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>The share of <paramref name="paragraph"/>'s shingles this member's text carries; for a paragraph of a
    /// few words, 1 when the text holds those words in a row.</summary>
    public double Carries(TextParagraph paragraph)
    {
        if (_shared.Carried.TryGetValue(paragraph.Text, out var share))
        {
            return share;
        }
        if (paragraph.TokenCount < Shingles.Size)
        {
            _shared.Folded ??= " " + PageText.Fold(Member.CanonicalText) + " ";
            share = _shared.Folded.Contains(" " + paragraph.Folded + " ", StringComparison.Ordinal) ? 1 : 0;
        }
        else
        {
            share = (double)Shingles.CountIn(paragraph.Shingles, All) / paragraph.Shingles.Count;
        }
        return _shared.Carried[paragraph.Text] = share;
    }
}

/// <summary>The paragraphs and texts of one resolution's members, each worked out once: a family of verbatim copies holds
/// one text many times over.</summary>
internal sealed class FamilyTexts
{
    private readonly Dictionary<string, ParagraphFacts> _paragraphs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SharedText> _texts = new(StringComparer.Ordinal);

    /// <summary>The facts of the paragraphs of a text that hold a token, in order (its lines trimmed, empty ones left out),
    /// shared with every equal paragraph of the family's other texts: a paragraph not met before is read once, its token
    /// count and shingles from one scan of it, and a text whose paragraphs are all known (a copy of a member) is not read.</summary>
    public IReadOnlyList<ParagraphFacts> ParagraphsOf(string canonicalText, SharedText shared)
    {
        if (shared.Paragraphs is { } known)
        {
            return known;
        }
        var paragraphs = new List<ParagraphFacts>();
        foreach (var line in canonicalText.Split('\n'))
        {
            var text = line.Trim();
            if (text.Length == 0)
            {
                continue;
            }
            if (!_paragraphs.TryGetValue(text, out var facts))
            {
                using var scan = Shingles.LineScan.Of(text);
                facts = _paragraphs[text] = new ParagraphFacts(text, scan.Tokens(0), scan.Tokens(0) == 0 ? [] : scan.Shingles(0));
            }
            if (facts.TokenCount > 0)
            {
                paragraphs.Add(facts);
            }
        }
        return shared.Paragraphs = paragraphs;
    }

    /// <summary>The facts of a paragraph of a text read so far (<see cref="ParagraphsOf"/>), or null.</summary>
    public ParagraphFacts? Known(string paragraph) => _paragraphs.GetValueOrDefault(paragraph);

    /// <summary>What is known of a canonical text, shared by the members that have it (their shingles are those of the
    /// text, see <see cref="LineageResolver"/>).</summary>
    public SharedText Text(string canonicalText) =>
        _texts.TryGetValue(canonicalText, out var text) ? text : _texts[canonicalText] = new SharedText();
}

/// <summary>A canonical text's <see cref="MemberText.Carries"/> answers by paragraph text, and its folded form.</summary>
internal sealed class SharedText
{
    public Dictionary<string, double> Carried { get; } = new(StringComparer.Ordinal);

    public string? Folded { get; set; }

    /// <summary>Its paragraphs' facts (see <see cref="FamilyTexts.ParagraphsOf"/>).</summary>
    public IReadOnlyList<ParagraphFacts>? Paragraphs { get; set; }
}

/// <param name="tokenCount">How many tokens the paragraph has.</param>
/// <param name="shingles">Its shingles: <see cref="Lineage.Shingles.HashSet"/> of the paragraph.</param>
internal sealed class ParagraphFacts(string text, int tokenCount, HashSet<long> shingles)
{
    private string? _folded;
    private long? _key;

    public string Text { get; } = text;

    public int TokenCount { get; } = tokenCount;

    // The tokens joined by spaces, as PageText.Fold gives them; asked of short paragraphs only.
    public string Folded => _folded ??= Lineage.Shingles.Folded(Text);

    public HashSet<long> Shingles { get; } = shingles;

    public long Key => _key ??= SiteParagraphs.Key(Text);
}

internal sealed class TextParagraph(string text, ParagraphFacts facts)
{
    /// <summary>Share of a paragraph's shingles another text must hold for the paragraph to count as taken from it.</summary>
    public const double MostOf = 0.5;

    public string Text { get; } = text;

    public int TokenCount => facts.TokenCount;

    public string Folded => facts.Folded;

    public HashSet<long> Shingles => facts.Shingles;

    public long Key => facts.Key;
}
