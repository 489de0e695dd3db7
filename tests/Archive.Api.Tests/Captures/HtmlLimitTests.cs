using System.Text;
using Archive.Api.Captures;

namespace Archive.Api.Tests.Captures;

/// <summary>
/// The upload's size rule counts a page's UTF-8 bytes only where its length leaves the answer open, and decides as counting
/// every page did: at the limit and one past it, for one-, two-, three- and four-byte characters and a lone surrogate.
/// </summary>
public sealed class HtmlLimitTests
{
    private const int Max = CaptureRequestValidator.MaxHtmlBytes;

    [Theory]
    [InlineData("a", 1)]
    [InlineData("é", 2)]
    [InlineData("€", 3)]
    [InlineData("🚢", 4)]
    [InlineData("lone surrogate", 3)]
    public void A_page_fits_exactly_when_its_utf8_bytes_are_within_the_limit(string unit, int bytes)
    {
        // xUnit does not carry a lone surrogate through its test data: it is made here (encoded as U+FFFD, three bytes).
        unit = unit == "lone surrogate" ? "\ud800" : unit;
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(unit));
        var fitting = Max / bytes;
        foreach (var count in new[] { fitting - 1, fitting, fitting + 1, Max / 3, Max / 3 + 1 })
        {
            var page = new StringBuilder(count * unit.Length + 1).Insert(0, unit, count).ToString();
            foreach (var candidate in new[] { page, page + "a" })
            {
                Assert.Equal(Encoding.UTF8.GetByteCount(candidate) <= Max, CaptureRequestValidator.FitsHtmlLimit(candidate));
            }
        }
    }
}
