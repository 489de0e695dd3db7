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
    public string? FailureReason { get; set; }
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
