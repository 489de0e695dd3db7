using System.Text;
using Archive.Engine.Decoding;

namespace Archive.Engine.Tests.Decoding;

public sealed class HtmlDecoderTests
{
    static HtmlDecoderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static byte[] Windows1252(string text) => Encoding.GetEncoding(1252).GetBytes(text);

    [Fact]
    public void Uses_the_charset_named_in_the_content_type_header()
    {
        var bytes = Windows1252("<p>café</p>");

        var decoded = HtmlDecoder.Decode(bytes, "text/html; charset=ISO-8859-1");

        Assert.Equal("<p>café</p>", decoded.Html);
        Assert.Equal(CharsetSource.ContentType, decoded.Source);
    }

    [Fact]
    public void Honours_a_utf8_byte_order_mark_and_strips_it()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("<p>naïve</p>")];

        var decoded = HtmlDecoder.Decode(bytes, null);

        Assert.Equal("<p>naïve</p>", decoded.Html);
        Assert.Equal(CharsetSource.ByteOrderMark, decoded.Source);
    }

    [Fact]
    public void Reads_the_charset_from_a_meta_tag_when_the_header_has_none()
    {
        var bytes = Windows1252("<html><head><meta charset=\"windows-1252\"></head><body>“quoted”</body></html>");

        var decoded = HtmlDecoder.Decode(bytes, "text/html");

        Assert.Contains("“quoted”", decoded.Html, StringComparison.Ordinal);
        Assert.Equal(CharsetSource.MetaTag, decoded.Source);
    }

    [Fact]
    public void Reads_the_charset_from_an_http_equiv_meta_tag()
    {
        var bytes = Encoding.GetEncoding("koi8-r").GetBytes(
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\"><p>Привет</p>");

        var decoded = HtmlDecoder.Decode(bytes, null);

        Assert.Contains("Привет", decoded.Html, StringComparison.Ordinal);
        Assert.Equal("koi8-r", decoded.Charset);
    }

    [Fact]
    public void Ignores_a_header_that_claims_utf8_for_bytes_that_are_not()
    {
        var bytes = Windows1252("<p>Müller</p>");

        var decoded = HtmlDecoder.Decode(bytes, "text/html; charset=utf-8");

        Assert.Equal("<p>Müller</p>", decoded.Html);
        Assert.Equal(CharsetSource.Fallback, decoded.Source);
    }

    [Fact]
    public void Falls_back_safely_on_an_unknown_charset_name()
    {
        var bytes = Encoding.UTF8.GetBytes("<p>São Paulo</p>");

        var decoded = HtmlDecoder.Decode(bytes, "text/html; charset=x-no-such-charset");

        Assert.Equal("<p>São Paulo</p>", decoded.Html);
        Assert.Equal(CharsetSource.ValidUtf8, decoded.Source);
    }

    [Fact]
    public void Decodes_unlabelled_non_utf8_bytes_as_windows_1252()
    {
        var bytes = Windows1252("<p>It’s 5 €</p>");

        var decoded = HtmlDecoder.Decode(bytes, null);

        Assert.Equal("<p>It’s 5 €</p>", decoded.Html);
        Assert.Equal("windows-1252", decoded.Charset);
    }

    public static TheoryData<string, string?> PooledCases() => new()
    {
        { "<p>café</p> as 1252", "text/html; charset=ISO-8859-1" },
        { "bom", null },
        { "meta", null },
        { "invalid utf-8 said utf-8", "text/html; charset=utf-8" },
        { "unlabelled 1252", null },
        { "utf-16 bom", null },
        { "lone surrogate bytes", "text/html; charset=utf-8" },
        { "empty", null },
    };

    [Theory]
    [MemberData(nameof(PooledCases))]
    public void A_pooled_decode_gives_the_text_and_charset_a_string_decode_gives(string name, string? contentType)
    {
        byte[] bytes = name switch
        {
            "<p>café</p> as 1252" or "unlabelled 1252" => Windows1252("<p>café — “quoted”</p>"),
            "bom" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("<p>naïve</p>")],
            "meta" => Encoding.GetEncoding("ISO-8859-2").GetBytes("<meta charset=\"iso-8859-2\"><p>Łódź</p>"),
            "invalid utf-8 said utf-8" => [.. Encoding.UTF8.GetBytes("<p>ok</p>"), 0xC3, 0x28, 0xFF],
            "utf-16 bom" => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("<p>wide</p>")],
            "lone surrogate bytes" => [.. Encoding.UTF8.GetBytes("<p>"), 0xED, 0xA0, 0x80, .. Encoding.UTF8.GetBytes("</p>")],
            _ => [],
        };
        var expected = HtmlDecoder.Decode(bytes, contentType);

        using var pooled = HtmlDecoder.DecodePooled(bytes, contentType);

        Assert.Equal(expected.Html, pooled.Html.ToString());
        Assert.Equal(expected.Decoding, pooled.Charset);
    }

    [Fact]
    public void A_page_beyond_the_pooled_size_is_decoded_whole_into_its_own_array()
    {
        var text = "<p>" + new string('é', HtmlDecoder.PooledChars) + "</p>";
        var bytes = Encoding.UTF8.GetBytes(text);

        using var pooled = HtmlDecoder.DecodePooled(bytes, "text/html; charset=utf-8");

        Assert.Equal(text, pooled.Html.ToString());
        Assert.Equal("utf-8", pooled.Charset.Charset);
    }
}
