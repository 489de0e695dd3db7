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

    /// <summary>The keys come from one scan of the whole text: each must still be its paragraph's own, whatever the lines
    /// hold — a combining mark first on a line (decomposition must not move it across the break), precomposed and
    /// decomposed letters, scripts without spaces, characters outside the Basic Multilingual Plane, carriage returns.</summary>
    [Fact]
    public void Keys_of_random_texts_are_each_lines_key_as_a_string_of_its_own()
    {
        string[] pieces = ["the", "Harbour", "budget", "été", "e\u0301te\u0301", "\u0301", "\u0327c", "Ça", "ß", "İ", "ﬁne", "日本語", "ภาษา",
            "\U0001D400\U0001D401", "x\u20DDy", "42", "—", ",", " ", " ", " ", "\r", "\n", "\n", "\n\n", "\u00AD", "Å", "A\u030A"];
        var random = new Random(35);
        for (var round = 0; round < 400; round++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 120)).Select(_ => pieces[random.Next(pieces.Length)]));
            var page = string.Concat(Enumerable.Range(0, random.Next(0, 120)).Select(_ => pieces[random.Next(pieces.Length)]));
            Assert.Equal(Expected(text), SiteParagraphs.Keys(text));
            Assert.Equal(Expected(text).Concat(Expected(page)).Distinct().Order().ToArray(), SiteParagraphs.IndexKeys(text, page));
        }
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
