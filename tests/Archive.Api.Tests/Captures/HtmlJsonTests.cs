using System.Text;
using System.Text.Json;
using Archive.Api.Captures;

namespace Archive.Api.Tests.Captures;

/// <summary>
/// JSON's <c>html</c> is bound as the page's UTF-8 bytes (<see cref="UploadedPage.OfJson"/>), never as a string: the bytes are
/// those the string binder's string encoded to, and whatever the string binder refused is refused the same way.
/// </summary>
public sealed class HtmlJsonTests
{
    /// <summary>What the JSON form bound before: the same record with html a string.</summary>
    private sealed record StringForm(string? Url, string? Html);

    /// <summary>Escapes only what JSON must (quote, backslash, controls): markup and non-ASCII go as UTF-8.</summary>
    internal static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string LongPage = "<html><body>" + string.Concat(Enumerable.Range(0, 3000).Select(i =>
        $"<p class=\"p{i}\">Paragraph {i}: caf\u00e9, \u4e2d\u6587, \U0001F600 &amp; \"quoted\" / a slash\\ and a tab\t.</p>\n")) + "</body></html>";

    public static TheoryData<string> JsonStrings => new()
    {
        "\"<p>plain</p>\"",
        "\"\\u003cp\\u003eescaped markup\\u003c\\/p\\u003e\"",
        "\"a \\/ slash, a \\\" quote, a \\\\ backslash, \\b\\f\\n\\r\\t\"",
        "\"caf\u00e9 \u4e2d\u6587 \U0001F600 sent as UTF-8\"",
        "\"caf\\u00e9 \\u4e2d\\u6587 \\ud83d\\ude00 sent escaped\"",
        "\"\\ufeff<p>a byte-order mark first</p>\"",
        "\"a \\u0000 nul\"",
        "\"\"",
        JsonSerializer.Serialize(LongPage),
        JsonSerializer.Serialize(LongPage, Relaxed),
        JsonSerializer.Serialize(new string('\u00e9', UploadedPage.PooledBytes)),
    };

    [Theory]
    [MemberData(nameof(JsonStrings))]
    public void A_json_html_is_the_UTF8_of_the_string_it_was_bound_as_before(string html)
    {
        var body = $"{{\"url\":\"https://example.com/\",\"html\":{html}}}";
        var before = JsonSerializer.Deserialize<StringForm>(body, JsonSerializerOptions.Web)!.Html!;

        using var request = JsonSerializer.Deserialize<CaptureRequest>(body, JsonSerializerOptions.Web)!;

        Assert.Equal(Encoding.UTF8.GetBytes(before), request.Html!.Bytes.ToArray());
        Assert.Equal("text/html; charset=utf-8", request.Html.ContentType);
        Assert.Null(request.Html.Text);
    }

    [Theory]
    [InlineData("\"<p>\\ud800</p>\"")]
    [InlineData("\"<p>\\udc00</p>\"")]
    [InlineData("\"<p>\\ud800\\u0041</p>\"")]
    [InlineData("\"<p>\\ud800\\ud800</p>\"")]
    [InlineData("\"<p>\\ud83d</p>\"")]
    [InlineData("5")]
    [InlineData("true")]
    [InlineData("[\"<p>x</p>\"]")]
    [InlineData("{\"html\":\"<p>x</p>\"}")]
    public void What_the_string_binder_refused_is_refused_the_same_way(string html)
    {
        var body = $"{{\"url\":\"https://example.com/\",\"html\":{html}}}";

        var before = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<StringForm>(body, JsonSerializerOptions.Web));
        var now = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CaptureRequest>(body, JsonSerializerOptions.Web));

        Assert.Equal("$.html", now.Path);
        Assert.Equal(before.Path, now.Path);
        Assert.StartsWith("The JSON value could not be converted", before.Message, StringComparison.Ordinal);
        Assert.StartsWith("The JSON value could not be converted", now.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xFF, (byte)'\\', (byte)'n' })]
    public void A_json_html_that_is_not_UTF8_is_refused_as_before(byte[] inside)
    {
        byte[] body = [.. "{\"url\":\"https://example.com/\",\"html\":\"<p>"u8, .. inside, .. "</p>\"}"u8];

        var before = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<StringForm>(body, JsonSerializerOptions.Web));
        var now = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CaptureRequest>(body, JsonSerializerOptions.Web));

        Assert.Equal(before.Path, now.Path);
        Assert.StartsWith("The JSON value could not be converted", now.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_html_is_no_page()
    {
        var request = JsonSerializer.Deserialize<CaptureRequest>("{\"url\":\"https://example.com/\",\"html\":null}", JsonSerializerOptions.Web)!;

        Assert.Null(request.Html);
    }

    [Fact]
    public void Binding_a_page_makes_no_page_sized_string_and_its_buffer_goes_back()
    {
        var body = Encoding.UTF8.GetBytes($"{{\"url\":\"https://example.com/\",\"html\":{JsonSerializer.Serialize(LongPage)}}}");
        JsonSerializer.Deserialize<CaptureRequest>(body, JsonSerializerOptions.Web)!.Dispose();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var request = JsonSerializer.Deserialize<CaptureRequest>(body, JsonSerializerOptions.Web)!;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var length = request.Html!.Bytes.Length;
        request.Dispose();

        // The string binder's string alone was twice the page's length in characters.
        Assert.True(length > 200_000, $"{length}");
        Assert.True(allocated < 4 * 1024, $"{allocated} bytes allocated to bind a page of {length} bytes a second time");
    }

    [Fact]
    public void A_page_larger_than_the_pool_keeps_is_an_array_of_its_own()
    {
        var html = new string('a', UploadedPage.PooledBytes + 1);

        using var request = JsonSerializer.Deserialize<CaptureRequest>($"{{\"url\":\"https://example.com/\",\"html\":\"{html}\"}}",
            JsonSerializerOptions.Web)!;

        Assert.Equal(UploadedPage.PooledBytes + 1, request.Html!.Bytes.Length);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(request.Html.Bytes, out var array));
        Assert.Equal(request.Html.Bytes.Length, array.Array!.Length);
    }

    [Fact]
    public void A_page_is_written_as_its_html_string()
    {
        using var page = UploadedPage.OfText("<p>caf\u00e9 \"quoted\"</p>");

        var json = JsonSerializer.Serialize(new CaptureRequest("https://example.com/", page), JsonSerializerOptions.Web);

        Assert.Equal("<p>caf\u00e9 \"quoted\"</p>", JsonSerializer.Deserialize<StringForm>(json, JsonSerializerOptions.Web)!.Html);
    }

    [Fact]
    public void Blank_UTF8_is_what_IsNullOrWhiteSpace_says_of_its_string()
    {
        for (var c = 0; c <= char.MaxValue; c++)
        {
            if (char.IsSurrogate((char)c))
            {
                continue;
            }
            var text = ((char)c).ToString();
            foreach (var candidate in new[] { text, " " + text + "\u00a0", text + "x" })
            {
                Assert.Equal(string.IsNullOrWhiteSpace(candidate), CaptureRequestValidator.IsWhiteSpace(Encoding.UTF8.GetBytes(candidate)));
            }
        }
        Assert.True(CaptureRequestValidator.IsWhiteSpace([]));
        Assert.False(CaptureRequestValidator.IsWhiteSpace(Encoding.UTF8.GetBytes(" \U0001F600 ")));
        Assert.False(CaptureRequestValidator.IsWhiteSpace([0x20, 0xC3]));
    }
}
