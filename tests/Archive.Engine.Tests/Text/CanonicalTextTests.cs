using System.Globalization;
using System.Text;
using Archive.Engine.Text;

namespace Archive.Engine.Tests.Text;

public sealed class CanonicalTextTests
{
    [Fact]
    public void Typographic_quotes_and_dashes_fold_to_ascii() =>
        Assert.Equal("Venezuela's \"common enemies\" - and more...",
            CanonicalText.Normalize("Venezuela\u2019s \u201Ccommon enemies\u201D \u2014 and more\u2026"));

    [Fact]
    public void White_space_folds_within_paragraphs_and_blank_lines_separate_them() =>
        Assert.Equal("One two three\nFour", CanonicalText.Normalize("  One\u00A0 two\tthree \r\n\r\n\n  Four  \n"));

    [Fact]
    public void Compatibility_forms_and_invisible_characters_are_normalised() =>
        Assert.Equal("office Caf\u00E9", CanonicalText.Normalize("o\uFB03ce\u200B Cafe\u0301"));

    [Fact]
    public void The_same_story_on_two_sites_gets_the_same_content_hash()
    {
        var onOneSite = "\u201CThese are symbolic speeches,\u201D Jaramillo said.\n\nIn the coming years \u2013 closer.";
        var onAnother = "\"These are symbolic speeches,\" Jaramillo said.\n In the coming years - closer. ";
        Assert.Equal(ContentHash.OfText(onOneSite), ContentHash.OfText(onAnother));
    }

    [Fact]
    public void Different_text_gets_a_different_content_hash() =>
        Assert.NotEqual(ContentHash.OfText("North Korea"), ContentHash.OfText("South Korea"));

    [Fact]
    public void Content_hash_is_written_with_its_algorithm() =>
        Assert.Equal("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ContentHash.OfText("").ToString());

    [Fact]
    public void Written_in_one_pass_the_text_is_what_paragraph_by_paragraph_writing_gave()
    {
        // Long and short texts in turn: the output builder a thread keeps must never carry a text into the next.
        const string alphabet = "ab \u00A0\t\n\r\u2028\u2029\u200B\u00AD\u2019\u201C\u2014\u2026\uFB03e\u0301\u2060,.";
        var random = new Random(32);
        for (var i = 0; i < 2_000; i++)
        {
            var length = i % 2 == 0 ? random.Next(0, 40) : random.Next(0, 4_000);
            var text = new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            Assert.Equal(ByParagraphs(text), CanonicalText.Normalize(text));
        }
    }

    // The form before paragraphs were written straight into the output: each gathered apart, then appended.
    private static string ByParagraphs(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormKC);
        var output = new StringBuilder();
        var paragraph = new StringBuilder();
        var pendingSpace = false;
        void Flush()
        {
            if (paragraph.Length > 0)
            {
                if (output.Length > 0)
                {
                    output.Append('\n');
                }
                output.Append(paragraph);
                paragraph.Clear();
            }
            pendingSpace = false;
        }
        foreach (var ch in normalized)
        {
            if (ch is '\n' or '\r' or '\u2028' or '\u2029')
            {
                Flush();
                continue;
            }
            if (char.IsWhiteSpace(ch))
            {
                pendingSpace = paragraph.Length > 0;
                continue;
            }
            string? folded = ch switch
            {
                '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '\u02BC' or '`' or '\u00B4' => "'",
                '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB' => "\"",
                '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' or '\uFE58' or '\uFE63' => "-",
                '\u2026' => "...",
                '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' => null,
                _ when CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.Format => null,
                _ => ch.ToString(),
            };
            if (folded is null)
            {
                continue;
            }
            if (pendingSpace)
            {
                paragraph.Append(' ');
                pendingSpace = false;
            }
            paragraph.Append(folded);
        }
        Flush();
        return output.ToString();
    }

    [Fact]
    public void Every_character_folds_as_the_category_lookup_of_each_would_fold_it()
    {
        static string? Looked(char ch) => ch switch
        {
            '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '\u02BC' or '`' or '\u00B4' => "'",
            '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB' => "\"",
            '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' or '\uFE58' or '\uFE63' => "-",
            '\u2026' => "...",
            _ when CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.Format => null,
            _ => "kept",
        };

        for (var ch = char.MinValue; ; ch++)
        {
            var folded = CanonicalText.Fold(ch);
            Assert.Equal(Looked(ch), folded is null ? null : folded.StartsWith('\0') ? "kept" : folded);
            if (ch == char.MaxValue)
            {
                break;
            }
        }
    }
}
