using Archive.Api.Articles;
using Archive.Api.Extensions;
using Archive.Api.Ingestion;
using Archive.Api.Jobs;
using Archive.Data;
using Archive.Data.Entities;
using Archive.Engine.Extraction;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Archive.Api.Captures;

internal static class CapturesApi
{
    public static RouteGroupBuilder MapCaptures(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/captures").WithTags("Captures").WithValidation();

        group.MapPost("/", SubmitAsync)
            .WithSummary("Submit a URL to fetch (202, a job), or upload an already-captured page with html (201, the article).");
        group.MapPost("/batch", SubmitBatchAsync).WithSummary("Submit up to 1,000 URLs, one job each.");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("A submission's state and failure reason, or an upload's capture.");
        group.MapGet("/{id:guid}/raw", GetRawAsync).WithSummary("The captured bytes exactly as received, as a download; their content type is in X-Archive-Content-Type.");
        return group;
    }

    private static async Task<Results<Accepted<JobResponse>, Ok<JobResponse>, Created<ArticleResponse>, ProblemHttpResult>> SubmitAsync(
        CaptureRequest request, HttpContext http, JobQueue queue, CaptureIngestor ingestor, ArticleReader reader,
        TimeProvider time, IOptions<CaptureOptions> options, CancellationToken ct)
    {
        var url = new Uri(request.Url!);
        var submittedBy = Submitter.Of(http);
        if (request.IgnoreRobots && !http.User.IsInRole(Access.ApiKeyRoles.Admin))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only an admin may override robots.txt.",
                detail: "ignoreRobots needs an admin key in X-Api-Key.");
        }
        if (request.Html is null)
        {
            if (!request.Force && await queue.FindRecentAsync(url.AbsoluteUri, options.Value.ReuseWindow, ct) is { } recent)
            {
                http.Response.Headers.ContentLocation = $"/api/captures/{recent.Id}";
                return TypedResults.Ok(recent.ToResponse() with { Reused = true });
            }
            var job = (await queue.EnqueueAsync([url.AbsoluteUri], submittedBy, null, ct, request.IgnoreRobots))[0];
            return TypedResults.Accepted($"/api/captures/{job.Id}", job.ToResponse());
        }
        IngestResult result;
        try
        {
            result = await ingestor.IngestAsync(new RawPage
            {
                RequestedUrl = url,
                FinalUrl = url,
                ContentType = "text/html; charset=utf-8",
                Body = System.Text.Encoding.UTF8.GetBytes(request.Html),
                CapturedAt = request.CapturedAt?.ToUniversalTime() ?? time.GetUtcNow(),
                Source = CaptureSource.Uploaded,
                SubmittedBy = submittedBy,
            }, null, ct);
        }
        catch (PageTooComplexException tooComplex)
        {
            return Problems.TooComplex(tooComplex.Message);
        }
        var article = await reader.ReadStoredAsync(result, ct);
        return TypedResults.Created($"/api/articles/{result.ArticleId}", article);
    }

    private static async Task<Accepted<BatchResponse>> SubmitBatchAsync(BatchCaptureRequest request, HttpContext http, JobQueue queue,
        CancellationToken ct)
    {
        // The same URL twice in one batch is one submission.
        var urls = request.Urls!.Select(u => new Uri(u!).AbsoluteUri).Distinct(StringComparer.Ordinal).ToList();
        var batchId = Guid.CreateVersion7();
        var jobs = await queue.EnqueueAsync(urls, Submitter.Of(http), batchId, ct);
        return TypedResults.Accepted($"/api/captures?batch={batchId}",
            new BatchResponse(batchId, jobs.Count, jobs.Select(j => j.ToResponse()).ToList()));
    }

    private static async Task<Results<Ok<CaptureStatusResponse>, ProblemHttpResult>> GetAsync(Guid id, ArchiveDbContext db,
        CancellationToken ct)
    {
        var job = await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, ct);
        var captureId = job?.CaptureId ?? (job is null ? id : null);
        var capture = captureId is { } cid ? await ReadCaptureAsync(db, cid, ct) : null;
        if (job is null && capture is null)
        {
            return Problems.NotFound("Capture", id);
        }
        var state = job?.State.ToString().ToLowerInvariant() ?? "done";
        return TypedResults.Ok(new CaptureStatusResponse(id, state, job?.ToResponse(), capture));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetRawAsync(Guid id, ArchiveDbContext db,
        HttpContext http, CancellationToken ct)
    {
        var captureId = await db.Jobs.Where(j => j.Id == id).Select(j => j.CaptureId).SingleOrDefaultAsync(ct) ?? id;
        var capture = await db.Captures.AsNoTracking().SingleOrDefaultAsync(c => c.Id == captureId, ct);
        if (capture is null)
        {
            return Problems.NotFound("Capture", id);
        }
        var raw = CaptureIngestor.Decompress(capture.RawCompressed);
        http.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(capture.RawSha256))}:";
        http.Response.Headers["X-Archive-Captured-At"] = capture.CapturedAt.ToString("O");
        http.Response.Headers["X-Archive-Final-Url"] = HeaderValues.Uri(capture.FinalUrl);
        RawCaptureHeaders.Apply(http.Response.Headers, capture.Id, capture.ContentType);
        return TypedResults.Bytes(raw, RawCaptureHeaders.ServedType);
    }

    private static async Task<CaptureResponse?> ReadCaptureAsync(ArchiveDbContext db, Guid captureId, CancellationToken ct)
    {
        var capture = await db.Captures.AsNoTracking().SingleOrDefaultAsync(c => c.Id == captureId, ct);
        if (capture is null)
        {
            return null;
        }
        var articleId = await db.ArticleVersions.Where(v => v.CaptureId == captureId).Select(v => (Guid?)v.ArticleId).SingleOrDefaultAsync(ct);
        var log = await db.LogEntries.Where(e => e.CaptureId == captureId).Select(e => (long?)e.Index).SingleOrDefaultAsync(ct);
        return capture.ToResponse(articleId, log);
    }
}
