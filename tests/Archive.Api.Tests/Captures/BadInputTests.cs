using System.Net;
using System.Text;
using Archive.Api.Tests.Infrastructure;
using Archive.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Api.Tests.Captures;

public sealed class BadInputTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string, object> BadCaptures => new()
    {
        { "url", new { url = "" } },
        { "url", new { url = "not a url" } },
        { "url", new { url = "/relative/path" } },
        { "url", new { url = "ftp://example.com/file" } },
        { "url", new { url = "file:///etc/passwd" } },
        { "url", new { url = "javascript:alert(1)" } },
        { "url", new { url = "https://user:secret@example.com/" } },
        { "url", new { url = "https://example.com/" + new string('a', 2048) } },
        { "html", new { url = "https://example.com/", html = "   " } },
        { "html", new { url = "https://example.com/", html = new string('x', (10 * 1024 * 1024) + 1) } },
        { "capturedAt", new { url = "https://example.com/", html = "<p>x</p>", capturedAt = DateTimeOffset.UtcNow.AddDays(1) } },
        { "capturedAt", new { url = "https://example.com/", html = "<p>x</p>", capturedAt = "1970-01-01T00:00:00Z" } },
        { "capturedAt", new { url = "https://example.com/", capturedAt = "2020-01-01T00:00:00Z" } },
    };

    [Theory]
    [MemberData(nameof(BadCaptures))]
    public async Task Invalid_captures_are_refused_with_a_problem_naming_the_field(string field, object body)
    {
        var before = await CountsAsync();

        var problem = await (await _client.PostJsonAsync("/api/captures", body)).ReadProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.True(errors.EnumerateObject().Any(e => string.Equals(e.Name, field, StringComparison.OrdinalIgnoreCase)),
            $"no error for {field}: {errors}");
        Assert.Equal(before, await CountsAsync());
    }

    /// <summary>JSON's html is read as UTF-8 bytes, not as a string: what the string binder refused (a lone surrogate, bytes
    /// that are not UTF-8, a value that is not a string) and what the rules refuse (nothing but white space, which is Unicode's)
    /// get the answers they got.</summary>
    [Theory]
    [InlineData("\"<p>\\ud800</p>\"", "html has a value of the wrong kind (a string, number, boolean, array or object where another is expected).")]
    [InlineData("\"<p>\\udc00\\ud800</p>\"", "html has a value of the wrong kind (a string, number, boolean, array or object where another is expected).")]
    [InlineData("\"<p>\u00ff</p>\"", "html has a value of the wrong kind (a string, number, boolean, array or object where another is expected).")]
    [InlineData("5", "html has a value of the wrong kind (a string, number, boolean, array or object where another is expected).")]
    [InlineData("{}", "html has a value of the wrong kind (a string, number, boolean, array or object where another is expected).")]
    [InlineData("\"\"", "The uploaded HTML is empty.")]
    [InlineData("\" \\u3000\\u00a0\\n\u2028\"", "The uploaded HTML is empty.")]
    public async Task A_json_html_refused_before_is_refused_with_the_same_problem(string html, string message)
    {
        var body = Encoding.UTF8.GetBytes($"{{\"url\":\"https://example.com/refused-html\",\"html\":{html}}}");
        if (html.Contains('\u00ff', StringComparison.Ordinal))
        {
            // A byte that is never UTF-8, where the character was.
            body = [.. body.AsSpan(0, Array.IndexOf(body, (byte)0xC3)), 0xFF, .. body.AsSpan(Array.IndexOf(body, (byte)0xC3) + 2)];
        }
        var before = await CountsAsync();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");

        var problem = await (await _client.PostAsync("/api/captures", content)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(message, problem.GetProperty("detail").GetString());
        Assert.Equal([message], problem.GetProperty("errors").GetProperty("html").EnumerateArray().Select(e => e.GetString()));
        Assert.Single(problem.GetProperty("errors").EnumerateObject());
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_batch_over_a_thousand_urls_is_refused_whole()
    {
        var before = await CountsAsync();
        var urls = Enumerable.Range(0, 1001).Select(i => $"https://example.com/{i}").ToArray();

        var problem = await (await _client.PostJsonAsync("/api/captures/batch", new { urls })).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("urls", out _));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_batch_names_the_entry_that_is_wrong()
    {
        var problem = await (await _client.PostJsonAsync("/api/captures/batch",
            new { urls = new[] { "https://example.com/ok", "gopher://example.com/" } })).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("urls[1]", out _), problem.ToString());
    }

    [Fact]
    public async Task Malformed_json_gets_a_problem_saying_what_was_wrong()
    {
        var response = await _client.PostAsync("/api/captures", new StringContent("{\"url\": ", Encoding.UTF8, "application/json"));

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/api/articles/0193a4f0-0000-7000-8000-000000000000")]
    [InlineData("/api/articles/0193a4f0-0000-7000-8000-000000000000/versions")]
    [InlineData("/api/articles/0193a4f0-0000-7000-8000-000000000000/text")]
    [InlineData("/api/captures/0193a4f0-0000-7000-8000-000000000000")]
    [InlineData("/api/captures/0193a4f0-0000-7000-8000-000000000000/raw")]
    [InlineData("/api/publishers/0193a4f0-0000-7000-8000-000000000000/articles")]
    [InlineData("/api/articles?url=https%3A%2F%2Fnever.example%2F")]
    public async Task Unknown_ids_give_404_problem_details(string path) =>
        await (await _client.GetAsync(path)).ReadProblemAsync(HttpStatusCode.NotFound);

    [Fact]
    public async Task Stored_captures_cannot_be_altered_even_by_sql()
    {
        await _client.PostJsonAsync("/api/captures", new { url = "https://example.net/immutable", html = UploadTests.Page("Evidence text that must stay as captured.") });
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArchiveDbContext>();

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Database.ExecuteSqlRawAsync("UPDATE captures SET final_url = 'x'"));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM captures"));
    }

    [Theory]
    [InlineData("TRUNCATE captures CASCADE")]
    [InlineData("TRUNCATE articles, article_versions, captures CASCADE")]
    public async Task Stored_captures_cannot_be_truncated_even_by_sql(string sql)
    {
        await _client.PostJsonAsync("/api/captures", new { url = "https://example.net/truncate", html = UploadTests.Page("Evidence a TRUNCATE must not empty.") });
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArchiveDbContext>();
        var before = await db.Captures.CountAsync();

        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Database.ExecuteSqlRawAsync(sql));

        Assert.Contains("captures are immutable", refused.MessageText, StringComparison.Ordinal);
        Assert.Equal(before, await db.Captures.CountAsync());
        Assert.True(before > 0);
    }

    private async Task<(int Captures, int Jobs, int Articles)> CountsAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArchiveDbContext>();
        return (await db.Captures.CountAsync(), await db.Jobs.CountAsync(), await db.Articles.CountAsync());
    }
}
