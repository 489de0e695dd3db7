using System.Text;
using Archive.Engine.Decoding;

namespace Archive.Engine.Tests.Decoding;

/// <summary>An upload's HTML arrives as text and is stored as its UTF-8 bytes: decoding with the text known must answer
/// exactly what decoding the bytes alone answers, and keep the text itself where that answer is the text.</summary>
public sealed class KnownTextDecodingTests
{
    static KnownTextDecodingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static TheoryData<string, string?> Pages => new()
    {
        { "<p>plain</p>", "text/html; charset=utf-8" },
        { "<p>naïve café — “quoted” 😀 中文</p>", "text/html; charset=utf-8" },
        { "<p>no header</p>", null },
        { "<meta charset=\"utf-8\"><p>meta é</p>", "text/html" },
        { "<meta charset=\"utf-16\"><p>meta says utf-16</p>", null },
        { "\uFEFF<p>byte-order mark</p>", "text/html; charset=utf-8" },
        { "<p>lone \uD800 surrogate</p>", "text/html; charset=utf-8" },
        { "<p>lone low \uDC00 and pair 😀</p>", null },
        { "<p>ends high \uD83D", null },
        { "<p>café labelled wrongly</p>", "text/html; charset=windows-1252" },
        { "<meta charset=\"iso-8859-1\"><p>é</p>", null },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public void Answers_what_decoding_the_bytes_answers(string text, string? contentType)
    {
        var bytes = Encoding.UTF8.GetBytes(text);

        var known = HtmlDecoder.Decode(bytes, contentType, text);

        Assert.Equal(HtmlDecoder.Decode(bytes, contentType), known);
    }

    [Fact]
    public void Keeps_the_text_where_decoding_would_give_it_back()
    {
        const string text = "<p>naïve café 😀</p>";

        var decoded = HtmlDecoder.Decode(Encoding.UTF8.GetBytes(text), "text/html; charset=utf-8", text);

        Assert.Same(text, decoded.Html);
        Assert.Equal("utf-8", decoded.Charset);
        Assert.Equal(CharsetSource.ContentType, decoded.Source);
    }
}
