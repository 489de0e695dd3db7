using Archive.Engine.Extraction.Output;

namespace Archive.Engine.Tests.Extraction;

public sealed class BlockTextTests
{
    [Fact]
    public void A_text_normalizes_to_a_title_exactly_when_its_normal_form_equals_it_ignoring_case()
    {
        var random = new Random(34);
        // White space of every kind, letters whose case folds, and texts that match the title up to spacing and case.
        const string alphabet = "aAbBéÉßİıΣσς \t\n\r\u00a0\u2003\u3000.,";
        string Text(int length) => new([.. Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)])]);
        for (var i = 0; i < 5000; i++)
        {
            var title = BlockCollector.Normalize(Text(random.Next(12)));
            var text = random.Next(3) switch
            {
                0 => Text(random.Next(16)),
                1 => " " + title.Replace(" ", random.Next(2) == 0 ? " \n " : "\u00a0") + "\t",
                _ => random.Next(2) == 0 ? title.ToUpperInvariant() : title.ToLowerInvariant(),
            };

            Assert.Equal(string.Equals(BlockCollector.Normalize(text), title, StringComparison.OrdinalIgnoreCase),
                BlockCollector.NormalizesTo(text, title));
        }
    }

    [Fact]
    public void The_dollar_is_asciis_one_currency_symbol_so_the_features_look_up_no_other_ascii_character() =>
        // BlockFeatures counts currency symbols by category, except in ASCII, where it compares with '$'.
        Assert.Equal("$", string.Concat(Enumerable.Range(0, 128).Select(i => (char)i)
            .Where(ch => char.GetUnicodeCategory(ch) == System.Globalization.UnicodeCategory.CurrencySymbol)));
}
