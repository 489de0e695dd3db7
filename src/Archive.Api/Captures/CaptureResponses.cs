using Archive.Data.Entities;

namespace Archive.Api.Captures;

/// <summary>
/// A submission, the same shape wherever it appears (POST, GET, batches, lists). A fetch is worked by the queue:
/// <see cref="Attempts"/> so far, <see cref="NextAttemptAt"/> while it waits for a retry, and <see cref="LastError"/> —
/// why the last attempt failed (or, once <c>failed</c>, why it gave up). An upload is a submission that was done at once.
/// <see cref="Capture"/> is filled once the capture exists, on GET; POST and lists leave it null.
/// </summary>
public sealed record JobResponse(
    Guid Id,
    string Url,
    JobState State,
    int Attempts,
    int MaxAttempts,
    DateTimeOffset? NextAttemptAt,
    JobError? LastError,
    Guid? BatchId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    Guid? CaptureId,
    Guid? ArticleId,
    bool Reused = false,
    CaptureResponse? Capture = null);

/// <summary>Why an attempt failed: a stable <see cref="Reason"/> (e.g. <c>dns</c>, <c>http-status</c>, <c>robots-disallowed</c>)
/// and words for a person.</summary>
public sealed record JobError(JobFailureReason Reason, string? Message);

public sealed record CaptureResponse(
    Guid Id,
    string RequestedUrl,
    string FinalUrl,
    IReadOnlyList<Ingestion.RedirectHop> Redirects,
    int? HttpStatus,
    string? ContentType,
    string? Charset,
    long RawLength,
    string RawSha256,
    DateTimeOffset CapturedAt,
    long? FetchDurationMs,
    CaptureSource Source,
    string? SubmittedBy,
    Guid? ArticleId,
    long? Log = null);

/// <summary>POST /api/captures/batch: the batch's id (GET /api/batches/{id} follows it) and one job per distinct URL.</summary>
public sealed record BatchResponse(Guid BatchId, int Accepted, IReadOnlyList<JobResponse> Jobs);

/// <summary>GET /api/batches/{id}: how many of its jobs are in each state, whether all have ended, and one page of the jobs.</summary>
public sealed record BatchStatusResponse(Guid Id, DateTimeOffset CreatedAt, int Total, BatchCounts Counts, bool Finished,
    Extensions.Paged<JobResponse> Jobs);

public sealed record BatchCounts(int Queued, int Fetching, int Done, int Failed);
