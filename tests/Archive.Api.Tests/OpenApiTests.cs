using System.Net;
using Archive.Api.Tests.Infrastructure;

namespace Archive.Api.Tests;

public sealed class OpenApiTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    [Fact]
    public async Task The_openapi_document_describes_every_feature()
    {
        var document = await (await factory.CreateClient().GetAsync("/openapi/v1.json")).ReadJsonAsync(HttpStatusCode.OK);

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/captures", paths);
        Assert.Contains("/api/captures/batch", paths);
        Assert.Contains("/api/articles/{id}/lineage", paths);
        Assert.Contains("/api/audit/republications", paths);
        Assert.Contains("/api/publishers/{publisher}/articles", paths);
        Assert.Contains("/api/batches/{id}", paths);
    }

    [Fact]
    public async Task The_openapi_document_declares_the_key_scheme_problem_responses_and_enum_values()
    {
        var document = await (await factory.CreateClient().GetAsync("/openapi/v1.json")).ReadJsonAsync(HttpStatusCode.OK);

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        var submit = document.GetProperty("paths").GetProperty("/api/captures").GetProperty("post").GetProperty("responses");
        foreach (var status in new[] { "400", "401", "429" })
        {
            Assert.True(submit.GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _), status);
        }
        var jobState = document.GetProperty("components").GetProperty("schemas").GetProperty("JobState");
        Assert.Equal(["queued", "fetching", "done", "failed"], jobState.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task The_upload_route_documents_both_request_bodies()
    {
        var document = await (await factory.CreateClient().GetAsync("/openapi/v1.json")).ReadJsonAsync(HttpStatusCode.OK);

        var post = document.GetProperty("paths").GetProperty("/api/captures").GetProperty("post");
        var bodies = post.GetProperty("requestBody").GetProperty("content");
        foreach (var type in new[] { "application/json", "text/html", "application/xhtml+xml" })
        {
            Assert.True(bodies.TryGetProperty(type, out _), $"{type}: {bodies}");
        }
        var query = post.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("url", query, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("capturedAt", query, StringComparer.OrdinalIgnoreCase);
        Assert.True(post.GetProperty("responses").TryGetProperty("415", out _));
    }

    [Fact]
    public async Task The_interactive_reference_and_health_answer()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs")).StatusCode);
        Assert.Equal("Healthy", await client.GetStringAsync("/health"));
    }
}
