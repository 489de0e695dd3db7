using Archive.Engine.Lineage;

namespace Archive.Engine.Tests.Lineage;

/// <summary>The shingle, fold and paragraph-key forms read one scan of the text; they must agree with the token list, and
/// (every upload shingles and indexes its text) make no string per token.</summary>
public sealed class ShinglesTests
{
    private const string Mixed = "Ça a été dit: « Ünïcode » 日本語のテキスト and ภาษาไทย, x\u20DDy ﬁne İstanbul STRASSE ß \u0301lead 42nd";

    [Theory]
    [InlineData(Mixed)]
    [InlineData("")]
    [InlineData("one two")]
    [InlineData("!!! ... ---")]
    public void Every_form_agrees_with_the_tokens(string text)
    {
        var tokens = Shingles.Tokenize(text);

        Assert.Equal([.. Shingles.Hashes(tokens)], Shingles.HashSet(text));
        Assert.Equal(string.Join(' ', tokens), PageText.Fold(text));
        if (tokens.Count <= Shingles.Size)
        {
            // A text of a shingle's length or less is one shingle of all its tokens, which is what its paragraph key hashes.
            Assert.Equal(tokens.Count == 0 ? 0 : Shingles.Hashes(tokens).Single(), SiteParagraphs.Key(text));
        }
    }

    [Fact]
    public void Windows_hashed_four_at_a_time_are_the_token_lists_windows_in_order_at_every_length()
    {
        // Lengths around each multiple of four windows, repeated windows among them (a set keeps the first).
        string[] words = ["the", "council", "approved", "the", "harbour", "budget", "on", "tuesday", "x", "the", "council"];
        for (var count = 0; count <= 40; count++)
        {
            var text = string.Join(' ', Enumerable.Range(0, count).Select(i => words[i * 7 % words.Length]));
            var tokens = Shingles.Tokenize(text);

            Assert.Equal([.. Shingles.Hashes(tokens)], Shingles.HashSet(text));
            using var scan = Shingles.LineScan.Of("lead line\n" + text + "\nlast");
            Assert.Equal(Shingles.HashSet(text), scan.Shingles(1));
        }
    }

    [Theory]
    [InlineData(Mixed + "\n" + "second line of five words or more\n\n   \n  padded line  \nshort")]
    [InlineData("\n\nCafe\u0301 au lait, de\u0301ja\u0300 vu\nCafé au lait, déjà vu\n")]
    [InlineData("日本語のテキスト\nภาษาไทย ภาษาไทย\n42")]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("one\ntwo three four five six seven\r\n... !!!\nx\u20DD\ny")]
    public void A_line_read_from_the_whole_text_is_the_line_read_alone(string text)
    {
        var lines = text.Split('\n');
        using var scan = Shingles.LineScan.Of(text);

        Assert.Equal(lines.Length, scan.Count);
        for (var i = 0; i < lines.Length; i++)
        {
            Assert.Equal(Shingles.Tokenize(lines[i]).Count, scan.Tokens(i));
            Assert.Equal(Shingles.HashSet(lines[i]), scan.Shingles(i));
        }
    }

    [Fact]
    public void Mixed_scripts_tokenize_as_before()
    {
        Assert.Equal(
            ["ca", "a", "ete", "dit", "unicode", "日", "本", "語", "の", "テ", "キ", "ス", "ト", "and", "ภ", "า", "ษ", "า", "ไ", "ท", "ย", "xy", "ﬁne",
             "istanbul", "strasse", "ß", "lead", "42nd"],
            Shingles.Tokenize(Mixed));
    }

    [Fact]
    public void Shingling_makes_no_string_per_token()
    {
        // Same number of words and shingles, words three times as long: a string per token would allocate ~64 KiB more.
        var shortWords = Words(4_000, "ab");
        var longWords = Words(4_000, "abcdefgh");
        Shingles.HashSet(shortWords);
        Shingles.HashSet(longWords);

        var extra = Allocated(() => Shingles.HashSet(longWords)) - Allocated(() => Shingles.HashSet(shortWords));

        Assert.InRange(extra, -4_096, 4_096);
    }

    [Fact]
    public void A_paragraph_key_makes_no_string_per_token()
    {
        var paragraph = Words(2_000, "abcdefgh");
        SiteParagraphs.Key(paragraph);

        // The ranges of 2,000 tokens (a list of 16-byte pairs) and little else; strings would be another ~80 KiB.
        Assert.InRange(Allocated(() => SiteParagraphs.Key(paragraph)), 0, 70_000);
    }

    private static string Words(int count, string stem) =>
        string.Join(' ', Enumerable.Range(0, count).Select(i => stem + (char)('a' + (i % 26)) + (char)('a' + (i / 26 % 26))));

    private static long Allocated(Func<object> work)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        GC.KeepAlive(work());
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
