namespace Archive.Api.Jobs;

/// <summary>Configuration section <c>Jobs</c>.</summary>
public sealed class JobQueueOptions
{
    /// <summary>How long a worker owns a job before another may take it over (the worker died).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    public int MaxAttempts { get; set; } = 3;
    /// <summary>First retry delay; doubled each attempt, with up to 50% random jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}
