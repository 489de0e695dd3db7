using System.Text.Json.Nodes;
using Archive.Api.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Api.Export;

internal static class ProvenanceApi
{
    public const string MediaType = "application/ld+json";

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetAsync(Guid id, ProvenanceWriter writer, HttpContext http,
        CancellationToken ct)
    {
        var document = await writer.ForArticleAsync(id, new Uri($"{http.Request.Scheme}://{http.Request.Host}"), ct);
        return document is null ? Problems.NotFound("Article", id) : TypedResults.Content(document.ToJsonString(), MediaType);
    }
}
