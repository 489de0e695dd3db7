using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Log;
using Archive.Data;
using Archive.Engine.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Api.Tests.Captures;

/// <summary>
/// An upload whose body is the page itself (Content-Type text/html, url and capturedAt in the query), on a real Kestrel
/// server: the capture is the body's bytes exactly, decoded by HTML's rules as a fetched page is, through the JSON form's
/// ingest with its answers and problems.
/// </summary>
public sealed class PageUploadTests(LiveApiFactory factory) : IClassFixture<LiveApiFactory>
{
    private const string Story = "Caf\u00e9 au lait on the na\u00efve fa\u00e7ade \u2014 \u201cquoted\u201d for 2\u20ac, and enough words " +
        "after it for the paragraph to be the article's body text, as any story's first paragraph would be.";

    private readonly HttpClient _client = factory.CreateClient();

    static PageUploadTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static string Page(string story, string head = "") =>
        $"<!DOCTYPE html><html><head>{head}<title>Raw page</title></head><body><article><h1>Raw page</h1><p>{story}</p>" +
        $"<p>{story} Once more.</p></article></body></html>";

    private Task<HttpResponseMessage> PostPageAsync(string query, byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return _client.PostAsync($"/api/captures{query}", content);
    }

    private static string Query(string url, string? capturedAt = null) =>
        $"?url={Uri.EscapeDataString(url)}" + (capturedAt is null ? "" : $"&capturedAt={Uri.EscapeDataString(capturedAt)}");

    [Theory]
    [InlineData("text/html", true, "text/html")]
    [InlineData("text/html; charset=Windows-1252", false, "text/html; charset=windows-1252")]
    [InlineData("application/xhtml+xml", true, "application/xhtml+xml")]
    public async Task A_windows_1252_page_is_stored_as_its_bytes_and_read_as_windows_1252(string contentType, bool meta, string stored)
    {
        var bytes = Encoding.GetEncoding(1252).GetBytes(Page(Story, meta ? "<meta charset=\"windows-1252\">" : ""));
        var url = $"https://raw.example/1252/{meta}/{contentType.Length}";

        var article = await (await PostPageAsync(Query(url), bytes, contentType)).ReadJsonAsync(HttpStatusCode.Created);

        Assert.Contains(Story, article.GetProperty("text").GetString(), StringComparison.Ordinal);
        var capture = article.GetProperty("capture");
        Assert.Equal("uploaded", capture.GetProperty("source").GetString());
        var raw = await CapturedFiles.AssertCaptureIsAsync(_client, capture, bytes);
        Assert.Equal(stored, raw.Headers.GetValues("X-Archive-Content-Type").Single());
    }

    [Fact]
    public async Task A_utf8_page_with_a_byte_order_mark_and_a_broken_byte_comes_back_byte_for_byte()
    {
        // A JSON string cannot carry either: the mark would be text, and 0xFF is no character at all.
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Page(Story).Replace("Once more.", "Once more #.", StringComparison.Ordinal))];
        bytes[Array.IndexOf(bytes, (byte)'#')] = 0xFF;

        var article = await (await PostPageAsync(Query("https://raw.example/bom"), bytes, "text/html")).ReadJsonAsync(HttpStatusCode.Created);

        var text = article.GetProperty("text").GetString()!;
        Assert.Contains(Story, text, StringComparison.Ordinal);
        Assert.DoesNotContain("\ufeff", text, StringComparison.Ordinal);
        Assert.Contains("Once more \ufffd.", text, StringComparison.Ordinal);
        var raw = await CapturedFiles.AssertCaptureIsAsync(_client, article.GetProperty("capture"), bytes);
        Assert.Equal("text/html", raw.Headers.GetValues("X-Archive-Content-Type").Single());
    }

    [Fact]
    public async Task The_same_page_as_json_and_as_itself_gives_the_same_article_text_and_content_hash()
    {
        var html = SeedPages.Read("breitbart-002.html");

        var json = await (await _client.PostJsonAsync("/api/captures", new { url = "https://www.breitbart.com/raw-json", html }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var page = await (await PostPageAsync(Query("https://www.breitbart.com/raw-page"), Encoding.UTF8.GetBytes(html), "text/html"))
            .ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal(json.GetProperty("text").GetString(), page.GetProperty("text").GetString());
        Assert.Equal(json.GetProperty("contentHash").GetString(), page.GetProperty("contentHash").GetString());
        Assert.Equal(ContentHash.OfText(SeedPages.Read("breitbart-002.expected.txt")).ToString(), page.GetProperty("contentHash").GetString());
        Assert.Equal(json.GetProperty("title").GetString(), page.GetProperty("title").GetString());
        Assert.Equal(json.GetProperty("capture").GetProperty("rawSha256").GetString(), page.GetProperty("capture").GetProperty("rawSha256").GetString());
    }

    [Fact]
    public async Task The_same_bytes_of_the_same_url_at_the_same_time_are_one_upload_in_either_form()
    {
        const string url = "https://raw.example/repeat";
        const string at = "2024-05-01T10:00:00Z";
        var html = Page(Story + " Repeated.");
        var first = await (await PostPageAsync(Query(url, at), Encoding.UTF8.GetBytes(html), "text/html")).ReadJsonAsync(HttpStatusCode.Created);
        var before = await CountsAsync();

        var again = await PostPageAsync(Query(url, at), Encoding.UTF8.GetBytes(html), "text/html");
        var asJson = await _client.PostJsonAsync("/api/captures", new { url, html, capturedAt = at });
        var otherTime = await PostPageAsync(Query(url, "2024-05-01T10:00:01Z"), Encoding.UTF8.GetBytes(html), "text/html");

        Assert.Equal(first.GetRawText(), (await again.ReadJsonAsync(HttpStatusCode.OK)).GetRawText());
        Assert.Equal($"/api/articles/{first.GetProperty("id").GetGuid()}?version={first.GetProperty("versionId").GetGuid()}",
            again.Content.Headers.ContentLocation?.OriginalString);
        Assert.Equal(first.GetProperty("capture").GetProperty("id").GetGuid(),
            (await asJson.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("capture").GetProperty("id").GetGuid());
        await otherTime.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal((before.Captures + 1, before.Articles), await CountsAsync());
    }

    public static TheoryData<string, string, byte[], HttpStatusCode, string> BadPages => new()
    {
        { "", "text/html", "<p>x</p>"u8.ToArray(), HttpStatusCode.BadRequest, "url" },
        { "?url=ftp%3A%2F%2Fexample.com%2Fpage", "text/html", "<p>x</p>"u8.ToArray(), HttpStatusCode.BadRequest, "url" },
        { "?url=not%20a%20url", "text/html", "<p>x</p>"u8.ToArray(), HttpStatusCode.BadRequest, "url" },
        { Query("https://raw.example/empty"), "text/html", [], HttpStatusCode.BadRequest, "body" },
        { Query("https://raw.example/blank"), "text/html", " \r\n\t "u8.ToArray(), HttpStatusCode.BadRequest, "body" },
        { Query("https://raw.example/blank16"), "text/html", [0xFF, 0xFE, 0x20, 0x00, 0x0A, 0x00], HttpStatusCode.BadRequest, "body" },
        { Query("https://raw.example/future", DateTimeOffset.UtcNow.AddDays(1).ToString("O")), "text/html", "<p>x</p>"u8.ToArray(),
            HttpStatusCode.BadRequest, "capturedAt" },
        { Query("https://raw.example/old", "1970-01-01T00:00:00Z"), "text/html", "<p>x</p>"u8.ToArray(), HttpStatusCode.BadRequest, "capturedAt" },
        { Query("https://raw.example/when", "yesterday"), "text/html", "<p>x</p>"u8.ToArray(), HttpStatusCode.BadRequest, "capturedAt" },
    };

    [Theory]
    [MemberData(nameof(BadPages))]
    public async Task A_bad_page_upload_is_refused_with_a_problem_naming_the_field(string query, string contentType, byte[] body,
        HttpStatusCode status, string field)
    {
        var before = await CountsAsync();

        var problem = await (await PostPageAsync(query, body, contentType)).ReadProblemAsync(status);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_body_of_another_type_gets_415_naming_the_two_forms()
    {
        var before = await CountsAsync();

        var problem = await (await PostPageAsync(Query("https://raw.example/plain"), Encoding.UTF8.GetBytes(Page(Story)), "text/plain"))
            .ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);

        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("application/json", detail, StringComparison.Ordinal);
        Assert.Contains("text/html", detail, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_refused_before_the_body_is_sent()
    {
        // Only the head goes out: the answer must come without the service waiting for a byte of the body.
        var answer = await SendAsync($"Content-Length: {(10 * 1024 * 1024) + 1}\r\n", (_, _) => Task.CompletedTask);

        Assert.StartsWith("HTTP/1.1 413", answer, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunked_body_is_refused_once_it_passes_the_limit_without_being_read_to_its_end()
    {
        // The body never ends: a service that read it whole before answering would never answer.
        var answer = await SendAsync("Transfer-Encoding: chunked\r\n", async (stream, ct) =>
        {
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'a');
            var head = Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n");
            for (var sent = 0; sent <= (10 * 1024 * 1024) + chunk.Length; sent += chunk.Length)
            {
                await stream.WriteAsync(head, ct);
                await stream.WriteAsync(chunk, ct);
                await stream.WriteAsync("\r\n"u8.ToArray(), ct);
            }
        });

        Assert.StartsWith("HTTP/1.1 413", answer, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", answer, StringComparison.Ordinal);
    }

    /// <summary>A POST whose body <paramref name="send"/> writes (and never finishes); the answer's head.</summary>
    private async Task<string> SendAsync(string bodyHeader, Func<Stream, CancellationToken, Task> send)
    {
        var address = new Uri(factory.Address);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/captures{Query("https://raw.example/large")} HTTP/1.1\r\nHost: {address.Authority}\r\n" +
            $"X-Api-Key: {ArchiveApiFactory.AdminKey}\r\nContent-Type: text/html\r\n{bodyHeader}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using (var sending = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            try
            {
                await send(stream, sending.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                // The service stopped reading (or closed the connection) once it had answered: the answer is there to read.
            }
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while (!answer.ToString().Contains("\r\n\r\n", StringComparison.Ordinal)
            && (read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        return answer.ToString();
    }

    private async Task<(int Captures, int Articles)> CountsAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArchiveDbContext>();
        return (await db.Captures.CountAsync(), await db.Articles.CountAsync());
    }
}
