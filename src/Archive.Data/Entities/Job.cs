using Archive.Engine;

namespace Archive.Data.Entities;

/// <summary>A URL submission, worked by the fetch worker through leases (FOR UPDATE SKIP LOCKED).</summary>
public sealed class Job
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Url { get; init; }
    public JobState State { get; set; } = JobState.Queued;
    public int Attempts { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public required DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public JobFailureReason? FailureReason { get; set; }
    public string? FailureMessage { get; set; }
    public Guid? CaptureId { get; set; }
    public Guid? ArticleId { get; set; }
    public string? SubmittedBy { get; init; }
    public Guid? BatchId { get; init; }
    /// <summary>An admin asked to capture the URL even though robots.txt disallows it.</summary>
    public bool IgnoreRobots { get; init; }
}

public enum JobState
{
    Queued,
    Fetching,
    Done,
    Failed,
}

/// <summary>
/// Why a job's last attempt failed, stored and answered as kebab-case text (<c>robots-disallowed</c>). The first values are
/// the fetcher's (<c>Archive.Fetching.FetchFailureReason</c>, same names); the rest are the worker's and the queue's.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(EnumTextJsonConverter<JobFailureReason>))]
public enum JobFailureReason
{
    InvalidUrl,
    Dns,
    Refused,
    BlockedAddress,
    Timeout,
    TooLarge,
    NotHtml,
    HttpStatus,
    TooManyRedirects,
    Tls,
    Network,
    Truncated,
    InvalidResponse,
    /// <summary>The site's robots.txt disallows the URL for the archive's user agent (permanent).</summary>
    RobotsDisallowed,
    /// <summary>The site's robots.txt could not be read whole; fetching waits until it can be.</summary>
    RobotsUnavailable,
    /// <summary>The page is beyond the engine's bounds (depth, size): the same reason an upload is refused with.</summary>
    TooComplex,
    /// <summary>The archive's database failed while storing the page; retried.</summary>
    InternalError,
    /// <summary>The archive could not process the page (permanent).</summary>
    ProcessingFailed,
    /// <summary>Carried while the job is worked again after its worker's process died on it.</summary>
    WorkerLost,
    /// <summary>Carried by a job taken over a second time: its worker died on it twice.</summary>
    WorkerLostTwice,
    /// <summary>The job's workers stopped on every attempt; it is not worked again.</summary>
    Abandoned,
}
