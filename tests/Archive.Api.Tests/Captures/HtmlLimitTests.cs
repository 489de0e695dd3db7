using System.Text;
using System.Text.Json;
using Archive.Api.Captures;

namespace Archive.Api.Tests.Captures;

/// <summary>
/// The upload's size rule is on the page's UTF-8 bytes, which JSON's html is bound as: at the limit and one past it, for one-,
/// two-, three- and four-byte characters, sent as UTF-8 or escaped, the bytes are as many as the string's UTF-8 encoding has.
/// </summary>
public sealed class HtmlLimitTests
{
    private const int Max = CaptureRequestValidator.MaxHtmlBytes;

    [Theory]
    [InlineData("a", 1)]
    [InlineData("é", 2)]
    [InlineData("€", 3)]
    [InlineData("🚢", 4)]
    public void A_page_fits_exactly_when_its_utf8_bytes_are_within_the_limit(string unit, int bytes)
    {
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(unit));
        var fitting = Max / bytes;
        foreach (var count in new[] { fitting, fitting + 1 })
        {
            var page = new StringBuilder(count * unit.Length + 1).Insert(0, unit, count).ToString();
            foreach (var escaped in new[] { false, true })
            {
                var html = JsonSerializer.Serialize(page, escaped ? JsonSerializerOptions.Default : HtmlJsonTests.Relaxed);
                using var request = JsonSerializer.Deserialize<CaptureRequest>($"{{\"url\":\"https://example.com/\",\"html\":{html}}}",
                    JsonSerializerOptions.Web)!;
                Assert.Equal(Encoding.UTF8.GetByteCount(page), request.Html!.Bytes.Length);
                Assert.Equal(count * bytes <= Max, request.Html.Bytes.Length <= Max);
            }
        }
    }

    [Fact]
    public void A_page_from_the_readers_form_with_a_lone_surrogate_counts_it_as_the_three_bytes_stored()
    {
        using var page = UploadedPage.OfText(new string('a', Max - 3) + "\ud800");

        Assert.Equal(Max, page.Bytes.Length);
        Assert.Equal([0xEF, 0xBF, 0xBD], page.Bytes[^3..].ToArray());
    }
}
