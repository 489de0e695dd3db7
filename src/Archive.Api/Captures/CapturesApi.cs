using Archive.Api.Articles;
using Archive.Api.Extensions;
using Archive.Api.Ingestion;
using Archive.Api.Jobs;
using Archive.Data;
using Archive.Data.Entities;
using Archive.Data.Stores;
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

        // The same route, told apart by the body's Content-Type (routing answers 415 to any other); the JSON form's
        // operation, mapped after it, is the one the OpenAPI document keeps and describes both.
        group.MapPost("/", UploadPageAsync)
            .AcceptsPage()
            .AddEndpointFilter<ServerTimingFilter>()
            .WithSummary("Upload an already-captured page as itself: its bytes as a text/html (or application/xhtml+xml) body, url and " +
                "capturedAt in the query; stored byte for byte and decoded as a fetched page is (201, the article).");
        group.MapPost("/", SubmitAsync)
            .WithMetadata(WholeJsonBody.Instance)
            .AddEndpointFilter<ServerTimingFilter>()
            .DocumentsPageForm()
            .WithSummary("Submit a URL to fetch (202, a job), or upload an already-captured page: with html in the JSON (201, the article), " +
                "or as itself, its bytes as a text/html body with ?url=… (201, the article, its capture the bytes as sent).");
        group.MapPost("/batch", SubmitBatchAsync).WithSummary("Submit up to 1,000 URLs, one job each; GET /api/batches/{id} follows them.");
        group.MapGet("/", ListAsync).WithSummary("Submissions (jobs), newest first, paged; filter by state and batch.");
        group.MapGet("/{id:guid}", GetAsync)
            .WithSummary("A submission: its state, attempts, last error and next attempt, and its capture once done (an upload's id works too).");
        group.MapGet("/{id:guid}/raw", GetRawAsync).WithSummary("The captured bytes exactly as received, as a download; their content type is in X-Archive-Content-Type.");
        var batches = routes.MapGroup("/api/batches").WithTags("Captures").WithValidation();
        batches.MapGet("/{id:guid}", GetBatchAsync).WithSummary("A batch: how many of its jobs are in each state, and its jobs, paged.");
        return group;
    }

    /// <summary>One route, two entry points: without html the URL is queued (<see cref="Submissions.QueueAsync"/>), with it
    /// the page is stored as an upload (<see cref="Submissions.UploadAsync"/>).</summary>
    private static async Task<Results<Accepted<JobResponse>, Ok<JobResponse>, Created<ArticleResponse>, Ok<ArticleResponse>, ProblemHttpResult>> SubmitAsync(
        CaptureRequest request, HttpContext http, Submissions submissions, IOptions<JobQueueOptions> jobs, CancellationToken ct)
    {
        // The page (if any) is this handler's to give back, on every path.
        using var page = request.Html;
        var url = new Uri(request.Url!);
        var submittedBy = Submitter.Of(http);
        if (request.IgnoreRobots && !http.User.IsInRole(Access.ApiKeyRoles.Admin))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only an admin may override robots.txt.",
                detail: "ignoreRobots needs an admin key in X-Api-Key.");
        }
        if (page is null)
        {
            var (job, reused) = await submissions.QueueAsync(
                new QueueSubmission(url, submittedBy) { Force = request.Force, IgnoreRobots = request.IgnoreRobots }, ct);
            if (reused)
            {
                http.Response.Headers.ContentLocation = $"/api/captures/{job.Id}";
                return TypedResults.Ok(job.ToResponse(jobs.Value.MaxAttempts) with { Reused = true });
            }
            return TypedResults.Accepted($"/api/captures/{job.Id}", job.ToResponse(jobs.Value.MaxAttempts));
        }
        return (await UploadAsync(new UploadSubmission(url, page, submittedBy) { CapturedAt = request.CapturedAt },
            http, submissions, ct)).Result switch
        {
            Created<ArticleResponse> created => created,
            Ok<ArticleResponse> seen => seen,
            ProblemHttpResult problem => problem,
            var other => throw new InvalidOperationException($"An upload answered {other}."),
        };
    }

    /// <summary>
    /// The page is the body, kept as sent: its bytes are the capture (and its raw hash), its Content-Type (media type and
    /// charset) the capture's, and it is decoded by HTML's rules as a fetched page is. Nothing else differs from JSON's html.
    /// </summary>
    private static async Task<Results<Created<ArticleResponse>, Ok<ArticleResponse>, ProblemHttpResult>> UploadPageAsync(
        [AsParameters] PageUploadRequest request, HttpContext http, Submissions submissions, CancellationToken ct)
    {
        using var page = await PageBody.ReadAsync(http.Request, RawCaptureHeaders.Normalise(http.Request.ContentType), ct);
        if (PageBody.IsBlank(page.Bytes.Span))
        {
            return Problems.Invalid("body", "The uploaded page is empty.");
        }
        return await UploadAsync(new UploadSubmission(new Uri(request.Url!), page, Submitter.Of(http)) { CapturedAt = request.CapturedAt },
            http, submissions, ct);
    }

    /// <summary>201 with the new article, or 200 (Content-Location: the version) for an upload seen before.</summary>
    private static async Task<Results<Created<ArticleResponse>, Ok<ArticleResponse>, ProblemHttpResult>> UploadAsync(
        UploadSubmission submission, HttpContext http, Submissions submissions, CancellationToken ct)
    {
        Uploaded upload;
        try
        {
            upload = await submissions.UploadAsync(submission, ct);
        }
        catch (PageTooComplexException tooComplex)
        {
            return Problems.TooComplex(tooComplex.Message);
        }
        if (upload.Existing)
        {
            http.Response.Headers.ContentLocation = $"/api/articles/{upload.Article.Id}?version={upload.VersionId}";
            return TypedResults.Ok(upload.Article);
        }
        return TypedResults.Created($"/api/articles/{upload.Article.Id}", upload.Article);
    }

    private static async Task<Accepted<BatchResponse>> SubmitBatchAsync(BatchCaptureRequest request, HttpContext http, JobQueue queue,
        IOptions<JobQueueOptions> options, CancellationToken ct)
    {
        // The same URL twice in one batch is one submission.
        var urls = request.Urls!.Select(u => new Uri(u!).AbsoluteUri).Distinct(StringComparer.Ordinal).ToList();
        var batchId = Guid.CreateVersion7();
        var jobs = await queue.EnqueueAsync(new NewJobs(urls, Submitter.Of(http)) { BatchId = batchId }, ct);
        return TypedResults.Accepted($"/api/batches/{batchId}",
            new BatchResponse(batchId, jobs.Count, [.. jobs.Select(j => j.ToResponse(options.Value.MaxAttempts))]));
    }

    private static async Task<Ok<Paged<JobResponse>>> ListAsync([AsParameters] JobListRequest request, SubmissionReads reads,
        IOptions<JobQueueOptions> options, CancellationToken ct)
    {
        var (total, jobs) = await reads.JobsAsync(request.ParsedState, request.Batch, request.Page, request.PageSize, ct);
        return TypedResults.Ok(Paging.Of<JobResponse>(request, total, [.. jobs.Select(j => j.ToResponse(options.Value.MaxAttempts))]));
    }

    private static async Task<Results<Ok<BatchStatusResponse>, ProblemHttpResult>> GetBatchAsync(Guid id, [AsParameters] BatchPageRequest request,
        SubmissionReads reads, IOptions<JobQueueOptions> options, CancellationToken ct)
    {
        if (await reads.BatchAsync(id, ct) is not { } batch)
        {
            return Problems.NotFound("Batch", id);
        }
        var jobs = await reads.BatchJobsAsync(id, request.Page, request.PageSize, ct);
        var counts = new BatchCounts(batch.Counts.GetValueOrDefault(JobState.Queued), batch.Counts.GetValueOrDefault(JobState.Fetching),
            batch.Counts.GetValueOrDefault(JobState.Done), batch.Counts.GetValueOrDefault(JobState.Failed));
        return TypedResults.Ok(new BatchStatusResponse(id, batch.CreatedAt, batch.Total, counts, counts.Queued + counts.Fetching == 0,
            Paging.Of<JobResponse>(request, batch.Total, [.. jobs.Select(j => j.ToResponse(options.Value.MaxAttempts))])));
    }

    private static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> GetAsync(Guid id, SubmissionReads reads,
        IOptions<JobQueueOptions> options, CancellationToken ct)
    {
        var job = await reads.JobAsync(id, ct);
        var captureId = job is null ? id : job.CaptureId;
        var capture = captureId is { } cid && await reads.CaptureAsync(cid, ct) is { } row
            ? row.Capture.ToResponse(row.ArticleId, row.LogIndex)
            : null;
        return (job, capture) switch
        {
            (null, null) => Problems.NotFound("Capture", id),
            (null, { } upload) => TypedResults.Ok(upload.ToSubmission()),
            ({ } j, _) => TypedResults.Ok(j.ToResponse(options.Value.MaxAttempts, capture)),
        };
    }

    private static async Task<Results<PushStreamHttpResult, StatusCodeHttpResult, ProblemHttpResult>> GetRawAsync(Guid id,
        SubmissionReads reads, HttpContext http, CancellationToken ct)
    {
        var captureId = (await reads.JobAsync(id, ct))?.CaptureId ?? id;
        if (await reads.CaptureAsync(captureId, ct) is not { Capture: var capture })
        {
            return Problems.NotFound("Capture", id);
        }
        // A capture never changes: its hash is a strong validator, and caches may keep it for good.
        var headers = http.Response.Headers;
        headers.ETag = $"\"sha256-{capture.RawSha256}\"";
        headers.CacheControl = "public, max-age=31536000, immutable";
        if (Conditional.NoneMatch(http.Request, headers.ETag.ToString()))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(capture.RawSha256))}:";
        headers["X-Archive-Captured-At"] = UtcTime.Format(capture.CapturedAt);
        headers["X-Archive-Final-Url"] = HeaderValues.Uri(capture.FinalUrl);
        RawCaptureHeaders.Apply(headers, capture.Id, capture.ContentType);
        // Decompressed into the response as it is sent (never whole in memory); its length is known from the stored row.
        http.Response.ContentLength = capture.RawLength;
        return TypedResults.Stream(body => CapturedBytes.DecompressToAsync(capture.RawCompressed, body, ct), RawCaptureHeaders.ServedType);
    }
}
