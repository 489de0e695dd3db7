namespace Archive.Api.Captures;

public sealed record JobResponse(
    Guid Id,
    string Url,
    string State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    FailureResponse? Failure,
    Guid? CaptureId,
    Guid? ArticleId,
    bool Reused = false);

public sealed record FailureResponse(string Reason, string? Message);

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
    string Source,
    string? SubmittedBy,
    Guid? ArticleId,
    long? Log = null);

/// <summary>GET /api/captures/{id}: a job (with its capture once done) or, for an upload, the capture alone.</summary>
public sealed record CaptureStatusResponse(Guid Id, string State, JobResponse? Job, CaptureResponse? Capture);

public sealed record BatchResponse(Guid BatchId, int Accepted, IReadOnlyList<JobResponse> Jobs);
