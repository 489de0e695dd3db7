using Archive.Data;
using Archive.Data.Entities;
using Archive.Engine;
using Archive.Fetching;

namespace Archive.Api.Jobs;

/// <summary>The fetcher's failure reasons as a job's: the same names, so the same text (the fetcher knows nothing of jobs).</summary>
internal static class JobFailures
{
    public static JobFailureReason Of(FetchFailureReason reason) => EnumText.Parse<JobFailureReason>(EnumText.Of(reason));
}
