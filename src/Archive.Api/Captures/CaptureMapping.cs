using System.Text.Json;
using Archive.Api.Ingestion;
using Archive.Data.Entities;

namespace Archive.Api.Captures;

internal static class CaptureMapping
{
    public static JobResponse ToResponse(this Job job) => new(
        job.Id, job.Url, job.State.ToString().ToLowerInvariant(), job.Attempts, job.CreatedAt, job.UpdatedAt, job.FinishedAt,
        job.FailureReason is null ? null : new FailureResponse(job.FailureReason, job.FailureMessage),
        job.CaptureId, job.ArticleId);

    public static CaptureResponse ToResponse(this Capture c, Guid? articleId, long? log) => new(
        c.Id, c.RequestedUrl, c.FinalUrl,
        JsonSerializer.Deserialize<List<RedirectHop>>(c.RedirectChain, JsonSerializerOptions.Web) ?? [],
        c.HttpStatus, c.ContentType, c.Charset, c.RawLength, c.RawSha256, c.CapturedAt, c.FetchDurationMs,
        c.Source.ToString().ToLowerInvariant(), c.SubmittedBy, articleId, log);
}

/// <summary>Who submitted a request: <c>key:&lt;key id&gt;</c>, or <c>loopback</c> in open local mode (no key exists).</summary>
internal static class Submitter
{
    public static string Of(HttpContext http) =>
        http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value is { } keyId ? $"key:{keyId}" : "loopback";
}
