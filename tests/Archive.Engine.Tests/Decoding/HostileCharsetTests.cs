using System.Text;
using Archive.Engine.Decoding;

namespace Archive.Engine.Tests.Decoding;

/// <summary>
/// Labels a hostile or broken origin sends. utf-7 used to throw NotSupportedException out of the decoder (the job hung in
/// fetching until its lease ran out, three times); a utf-16 header on BOM-less UTF-16 bytes was read as UTF-8; a meta
/// naming utf-32 turned the page into U+FFFD. Decoding never throws and always yields the page's text.
/// </summary>
public sealed class HostileCharsetTests
{
    private const string Page = "<html><head><title>Zürich</title></head><body><p>Grüße aus Zürich</p></body></html>";

    /// <summary>Labels that cannot be right for these bytes (or are refused): the page must decode as if they were absent.</summary>
    public static TheoryData<string> Labels => new()
    {
        "utf-7", "UTF-7", "unicode-1-1-utf-7", "csUnicode11UTF7", "x-unicode20utf7", "utf-32", "utf-32be", "utf-16", "utf-16be", "ucs-2",
        "unicode", "ibm037", "cp500", "x-ebcdic-koreanextended", "replacement", "x-user-defined", "\"utf-7\"", "utf-8;", "", "utf-7; foo",
    };

    /// <summary>Real ASCII-compatible charsets: decoded as labelled (mojibake for the UTF-8 bytes, as a browser would), never thrown.</summary>
    public static TheoryData<string> AsciiCompatible => new() { "iso-2022-kr", "csISO2022KR", "hz-gb-2312", "x-mac-ce", "koi8-u", "gb18030" };

    [Theory]
    [MemberData(nameof(AsciiCompatible))]
    public void An_ascii_compatible_label_decodes_the_markup(string label)
    {
        var header = HtmlDecoder.Decode(Encoding.UTF8.GetBytes(Page), $"text/html; charset={label}");
        var meta = HtmlDecoder.Decode(Encoding.UTF8.GetBytes($"<meta charset=\"{label}\">" + Page), "text/html");

        Assert.Contains("<title>Z", header.Html, StringComparison.Ordinal);
        Assert.Contains("<title>Z", meta.Html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Labels))]
    public void A_hostile_header_label_never_throws_and_keeps_the_text(string label)
    {
        var decoded = HtmlDecoder.Decode(Encoding.UTF8.GetBytes(Page), $"text/html; charset={label}");

        Assert.Contains("Grüße aus Zürich", decoded.Html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Labels))]
    public void A_hostile_meta_label_never_throws_and_keeps_the_text(string label)
    {
        var decoded = HtmlDecoder.Decode(Encoding.UTF8.GetBytes($"<meta charset=\"{label}\">" + Page), "text/html");

        Assert.Contains("Grüße aus Zürich", decoded.Html, StringComparison.Ordinal);
        Assert.NotEqual("utf-7", decoded.Charset);
    }

    [Theory]
    [InlineData("utf-16", "utf-16")]
    [InlineData("utf-16le", "utf-16")]
    [InlineData("utf-16be", "utf-16BE")]
    public void A_utf16_header_on_bom_less_utf16_bytes_is_decoded_as_utf16(string label, string charset)
    {
        var encoding = label == "utf-16be" ? Encoding.BigEndianUnicode : Encoding.Unicode;

        var decoded = HtmlDecoder.Decode(encoding.GetBytes(Page), $"text/html; charset={label}");

        Assert.Equal(Page, decoded.Html);
        Assert.Equal(charset, decoded.Charset);
        Assert.Equal(CharsetSource.ContentType, decoded.Source);
    }

    [Fact]
    public void A_utf32_byte_order_mark_is_honoured()
    {
        byte[] bytes = [0xFF, 0xFE, 0x00, 0x00, .. Encoding.UTF32.GetBytes(Page)];

        var decoded = HtmlDecoder.Decode(bytes, null);

        Assert.Equal(Page, decoded.Html);
    }

    [Fact]
    public void A_utf7_label_never_decodes_utf7_markup()
    {
        // "+ADw-script+AD4-" is <script> in UTF-7: it must stay inert text.
        var bytes = Encoding.ASCII.GetBytes("<p>+ADw-script+AD4-alert(1)+ADw-/script+AD4-</p>");

        var decoded = HtmlDecoder.Decode(bytes, "text/html; charset=utf-7");

        Assert.DoesNotContain("<script>", decoded.Html, StringComparison.Ordinal);
    }
}
