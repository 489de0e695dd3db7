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
}
