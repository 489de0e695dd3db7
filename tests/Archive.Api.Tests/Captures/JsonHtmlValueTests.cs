using System.Text;
using System.Text.Json;
using Archive.Api.Captures;

namespace Archive.Api.Tests.Captures;

/// <summary>
/// The html value unescaped before the binder runs (<see cref="JsonHtmlValue"/>) against the binder's own reading of it
/// (<see cref="UploadedPage.OfJson"/> after <see cref="Utf8JsonReader"/>): for random and hostile strings, the same bytes,
/// or both refuse; and the binder, reading the body with the value's bytes as spaces, binds the rest the same.
/// </summary>
public sealed class JsonHtmlValueTests
{
    private static readonly string[] Pieces =
    [
        "a", "<p class=\\\"x\\\">", " ", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0041", "\\u00e9", "\\u00E9",
        "\\u4e2d", "\\ud83d\\ude00", "\\uD83D\\uDE00", "\\u0000", "\\u001f", "\\u007f", "\\uffff", "\\ufeff", "\u00e9", "\u4e2d",
        "\U0001F600", "\u007f", "\\ud800", "\\udc00", "\\ud800\\u0041", "\\ud800\\ud800", "\\udbff\\udfff", "\\x", "\\u12",
        "\\u12g4", "\\U0041", "\\'", "\\", "\\a", "\\ud83d\\u", "\\ud83d\\", "\\ud83d\\n", "\"", "\"}",
    ];

    private static readonly byte[][] RawPieces =
    [
        [0x00], [0x01], [0x09], [0x0A], [0x1F], [0x7F], [0x80], [0xC0, 0x80], [0xC3], [0xC3, 0xA9], [0xE4, 0xB8], [0xED, 0xA0, 0x80],
        [0xEF, 0xBF, 0xBF], [0xF0, 0x9F, 0x98, 0x80], [0xF0, 0x9F, 0x98], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xFE],
    ];

    [Fact]
    public void Random_and_hostile_strings_decode_as_the_binder_decodes_them_or_both_refuse()
    {
        var random = new Random(36);
        var accepted = 0;
        for (var n = 0; n < 20_000; n++)
        {
            var value = new List<byte>();
            var parts = random.Next(0, 12);
            for (var p = 0; p < parts; p++)
            {
                if (random.Next(8) == 0)
                {
                    value.AddRange(RawPieces[random.Next(RawPieces.Length)]);
                }
                else
                {
                    value.AddRange(Encoding.UTF8.GetBytes(Pieces[random.Next(Pieces.Length)]));
                }
            }
            accepted += Compare([.. value]) ? 1 : 0;
        }
        // Both outcomes are well represented.
        Assert.InRange(accepted, 2_000, 18_000);
    }

    [Fact]
    public void Page_sized_values_decode_as_the_binder_decodes_them()
    {
        var random = new Random(16);
        foreach (var size in new[] { 100_000, 400_000, 900_000 })
        {
            var value = new StringBuilder();
            while (value.Length < size)
            {
                value.Append(Pieces[random.Next(2, 23)]).Append("<div id=\\\"a\\\">text text text</div>");
            }
            Assert.True(Compare(Encoding.UTF8.GetBytes(value.ToString())));
        }
        var page = JsonSerializer.Serialize(string.Concat(Enumerable.Range(0, 3000).Select(i => $"<p>caf\u00e9 \U0001F600 \"{i}\"\t\\</p>\n")));
        Assert.True(Compare(Encoding.UTF8.GetBytes(page[1..^1])));
    }

    [Theory]
    [InlineData("{\"url\":\"https://example.com/\",\"html\":\"<p>x</p>\",\"capturedAt\":\"2024-01-02T03:04:05Z\",\"force\":true}", true)]
    [InlineData(" {\r\n\t\"HTML\" : \"<p>x</p>\" , \"url\" : \"https://example.com/\", \"ignoreRobots\":false, \"n\":-1.5e3, \"z\":null}\n", true)]
    [InlineData("{\"url\":\"https://example.com/\",\"html\":\"<p>x</p>\",\"html\":\"<p>y</p>\"}", false)]
    [InlineData("{\"url\":\"https://example.com/\",\"Html\":\"<p>x</p>\",\"hTmL\":\"<p>y</p>\"}", false)]
    [InlineData("{\"url\":\"https://example.com/\",\"\\u0068tml\":\"<p>x</p>\"}", false)]
    [InlineData("{\"url\":\"https://example.com/\",\"html\":\"<p>x</p>\",\"extra\":{\"html\":\"y\"}}", false)]
    [InlineData("{\"url\":\"https://example.com/\",\"html\":\"<p>x</p>\",\"extra\":[1]}", false)]
    [InlineData("{\"url\":\"https://example.com/\",\"html\":\"<p>x</p>\",}", false)]
    [InlineData("{\"url\":\"https://example.com/\",\"html\":\"<p>x</p>\"} x", false)]
    [InlineData("{\"url\":\"https://example.com/\",\"html\":\"<p>x</p>\"", false)]
    [InlineData("{\"url\":\"https://example.com/\",\"html\":null}", false)]
    [InlineData("{\"url\":\"https://example.com/\",\"html\":5}", false)]
    [InlineData("{\"url\":\"https://example.com/\"}", false)]
    [InlineData("{\"url\":\"https://example.com/\", /* c */ \"html\":\"<p>x</p>\"}", false)]
    [InlineData("\ufeff{\"url\":\"https://example.com/\",\"html\":\"<p>x</p>\"}", false)]
    [InlineData("[{\"url\":\"https://example.com/\",\"html\":\"<p>x</p>\"}]", false)]
    public void Only_a_flat_object_with_one_html_string_is_taken_and_the_rest_binds_the_same(string json, bool taken)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var scanned = body.ToArray();

        using var page = JsonHtmlValue.Take(scanned);

        Assert.Equal(taken, page is not null);
        if (page is null)
        {
            Assert.Equal(body, scanned);
            return;
        }
        using var before = JsonSerializer.Deserialize<CaptureRequest>(body, JsonSerializerOptions.Web)!;
        using (JsonHtmlValue.Offer(page))
        {
            var now = JsonSerializer.Deserialize<CaptureRequest>(scanned, JsonSerializerOptions.Web)!;
            Assert.Same(page, now.Html);
            Assert.Equal(before with { Html = null }, now with { Html = null });
        }
        Assert.Equal(before.Html!.Bytes.ToArray(), page.Bytes.ToArray());
    }

    [Fact]
    public void A_page_the_binder_never_took_goes_back_and_is_not_offered_again()
    {
        var body = "{\"url\":\"https://example.com/\",\"html\":\"<p>x</p>\"}"u8.ToArray();
        var page = JsonHtmlValue.Take(body)!;
        using (JsonHtmlValue.Offer(page))
        {
        }
        Assert.Null(JsonHtmlValue.TakeOffered());
        // The offer gave the pooled buffer back; a second dispose gives nothing back twice.
        page.Dispose();
    }

    /// <summary>Both readings of a JSON string's content; true when both accept (with the same bytes), false when both refuse.</summary>
    private static bool Compare(byte[] value)
    {
        byte[] body = [.. "{\"url\":\"https://example.com/\",\"html\":\""u8, .. value, .. "\",\"force\":true}"u8];
        byte[]? before;
        try
        {
            using var request = JsonSerializer.Deserialize<CaptureRequest>(body, JsonSerializerOptions.Web)!;
            before = request.Html!.Bytes.ToArray();
        }
        catch (JsonException)
        {
            before = null;
        }
        var scanned = body.ToArray();
        using var page = JsonHtmlValue.Take(scanned);
        var label = Convert.ToHexString(value.Length > 64 ? value[..64] : value);
        Assert.True((before is null) == (page is null), $"binder {(before is null ? "refused" : "accepted")}, scan not: {label}");
        if (page is null)
        {
            Assert.Equal(body, scanned);
            return false;
        }
        Assert.True(before!.AsSpan().SequenceEqual(page.Bytes.Span), $"different bytes: {label}");
        Assert.True(scanned.AsSpan(38, value.Length).IndexOfAnyExcept((byte)' ') < 0);
        Assert.Equal(body.AsSpan(0, 38).ToArray(), scanned.AsSpan(0, 38).ToArray());
        Assert.Equal(body.AsSpan(38 + value.Length).ToArray(), scanned.AsSpan(38 + value.Length).ToArray());
        return true;
    }
}
