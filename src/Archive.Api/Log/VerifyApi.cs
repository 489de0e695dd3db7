using Archive.Api.Extensions;
using Archive.Data;
using Archive.Transparency.Receipts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Api.Log;

/// <summary>What a reader verifies: an article version's receipt, the article re-checked against the log, a text or file looked up.</summary>
internal static class VerifyApi
{
    public static void MapVerification(this IEndpointRouteBuilder routes)
    {
        var articles = routes.MapGroup("/api/articles").WithTags("Log");
        articles.MapGet("/{id:guid}/receipt", GetReceiptAsync)
            .WithSummary("A self-contained receipt for an article version (current, or ?version=): entry, inclusion proof, signed checkpoint, key.");
        articles.MapGet("/{id:guid}/verify", VerifyArticleAsync)
            .WithSummary("Re-hashes what is stored for the article (captures, texts, lineage links) and checks it against the log.");
        routes.MapPost("/api/verify", HashLookup.LookupAsync).WithTags("Log")
            .RequireAuthorization(Access.AccessExtensions.ReadPolicy)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(HashLookup.MaxFileBytes + 64 * 1024))
            .Accepts<HashLookupRequest>("application/json", "multipart/form-data")
            .WithSummary("Which logged captures match a text, a file (raw bytes, and the article in an HTML page) or a sha256 hash.");
    }

    private static async Task<Results<Ok<Receipt>, ProblemHttpResult>> GetReceiptAsync(Guid id, Guid? version, LogStore store, LogState state,
        LogProofs proofs, LogKey key, HttpContext http, CancellationToken ct)
    {
        var captureId = await store.CaptureOfVersionAsync(id, version, ct);
        if (captureId is null)
        {
            return Problems.NotFound(version is null ? "Article" : "Article version", version ?? id);
        }
        var entry = await store.EntryOfCaptureAsync(captureId.Value, ct);
        var checkpoint = entry is null ? null : await state.AtLeastAsync(entry.Index + 1, store, ct);
        if (entry is null || checkpoint is null || entry.Index >= checkpoint.TreeSize)
        {
            http.Response.Headers.RetryAfter = "1";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The capture is not in the log yet.",
                detail: "Its entry is owed and will be integrated within seconds; ask again.");
        }
        var proof = await proofs.InclusionAsync(entry.Index, checkpoint.TreeSize, ct);
        return TypedResults.Ok(new Receipt(Convert.ToBase64String(entry.Entry), entry.Index, checkpoint.TreeSize,
            [.. proof.Select(Convert.ToBase64String)], checkpoint.Note, key.Signer.VerifierKey));
    }

    private static async Task<Results<Ok<VerificationResponse>, ProblemHttpResult>> VerifyArticleAsync(Guid id, Guid? version, LogVerifier verifier,
        CancellationToken ct)
    {
        var result = await verifier.VerifyArticleAsync(id, version, ct);
        return result is null ? Problems.NotFound(version is null ? "Article" : "Article version", version ?? id) : TypedResults.Ok(result);
    }
}
