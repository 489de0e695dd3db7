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
        Assert.Contains("/api/publishers/{id}/articles", paths);
    }

    [Fact]
    public async Task The_interactive_reference_and_health_answer()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs")).StatusCode);
        Assert.Equal("Healthy", await client.GetStringAsync("/health"));
    }
}
