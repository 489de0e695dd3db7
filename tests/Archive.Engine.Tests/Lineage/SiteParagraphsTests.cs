using Archive.Engine.Lineage;

namespace Archive.Engine.Tests.Lineage;

/// <summary>A page's site keys are read paragraph by paragraph where they lie in its text (no string per paragraph); they
/// must be the keys of each paragraph as a string of its own, as stored keys were made.</summary>
public sealed class SiteParagraphsTests
{
    private static readonly string[] Paragraphs =
    [
        "The council approved the harbour budget on Tuesday after a long debate in the chamber.",
        "Ça a été dit: « Ünïcode » en français, avec des accents composés et décomposés: e\u0301te\u0301 et été ensemble.",
        "日本語のテキストも段落として数えられるので八つ以上の文字があればキーになる",
        "Too short to count.",
        "",
        "Ünïcode İstanbul STRASSE ß ﬁne x\u20DDy — a paragraph of mixed scripts ภาษาไทย with enough words in it.",
        "The council approved the harbour budget on Tuesday after a long debate in the chamber.",
        "  spaces  around   a paragraph of  more than eight tokens   in all of it here  ",
    ];

    [Fact]
    public void Keys_are_each_paragraphs_key_distinct_and_ascending()
    {
        var text = string.Join('\n', Paragraphs) + "\n\n";
        var page = string.Join('\n', Paragraphs.Reverse().Select(p => p.ToUpperInvariant())) + "\nsubscribe to our newsletter for more of the same every day";
        var own = Expected(text);
        var indexed = Expected(text).Concat(Expected(page)).Distinct().Order().ToArray();

        Assert.Equal(own, SiteParagraphs.Keys(text));
        Assert.Equal(indexed, SiteParagraphs.IndexKeys(text, page));
        Assert.Equal(5, own.Length);
        Assert.Empty(SiteParagraphs.Keys(""));
        Assert.Empty(SiteParagraphs.IndexKeys("\n\n", "short\nlines only"));
    }

    /// <summary>The form stored keys were made with: a string per paragraph, each keyed by <see cref="SiteParagraphs.Key"/>.</summary>
    private static long[] Expected(string text) =>
    [
        .. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => Shingles.Tokenize(p).Count >= SiteParagraphs.MinTokens)
            .Select(SiteParagraphs.Key)
            .Distinct()
            .Order(),
    ];
}
