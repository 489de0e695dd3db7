using System.Text.Json;
using Archive.Api.Ingestion;
using Archive.Data.Entities;
using Archive.Engine.Text;

namespace Archive.Api.Captures;

internal static class CaptureMapping
{
    public static JobResponse ToResponse(this Job job, int maxAttempts, CaptureResponse? capture = null) => new(
        job.Id, job.Url, job.State, job.Attempts, maxAttempts,
        job.State == JobState.Queued ? job.NextAttemptAt : null,
        job.FailureReason is { } reason ? new JobError(reason, job.FailureMessage) : null,
        job.BatchId, job.CreatedAt, job.UpdatedAt, job.FinishedAt, job.CaptureId, job.ArticleId, Capture: capture);

    /// <summary>An upload as a submission: done the moment it was stored, with no attempts.</summary>
    public static JobResponse ToSubmission(this CaptureResponse capture) => new(
        capture.Id, capture.RequestedUrl, JobState.Done, 0, 0, null, null, null, capture.CapturedAt, capture.CapturedAt, capture.CapturedAt,
        capture.Id, capture.ArticleId, Capture: capture);

    public static CaptureResponse ToResponse(this Capture c, Guid? articleId, long? log) => new(
        c.Id, c.RequestedUrl, c.FinalUrl,
        JsonSerializer.Deserialize<List<RedirectHop>>(c.RedirectChain, JsonSerializerOptions.Web) ?? [],
        c.HttpStatus, c.ContentType, c.Charset, c.RawLength, ContentHash.Prefix + c.RawSha256, c.CapturedAt, c.FetchDurationMs,
        c.Source, c.SubmittedBy, articleId, log);
}

/// <summary>Who submitted a request: <c>key:&lt;key id&gt;</c>, or <c>loopback</c> in open local mode (no key exists).</summary>
internal static class Submitter
{
    public static string Of(HttpContext http) =>
        http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value is { } keyId ? $"key:{keyId}" : "loopback";
}
