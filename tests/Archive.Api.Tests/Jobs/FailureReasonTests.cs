using Archive.Api.Jobs;
using Archive.Data;
using Archive.Data.Entities;
using Archive.Engine;
using Archive.Fetching;

namespace Archive.Api.Tests.Jobs;

/// <summary>A job's failure reason is an enum written as the kebab-case text it always had, in JSON and in the column.</summary>
public sealed class FailureReasonTests
{
    [Theory]
    [InlineData(FetchFailureReason.InvalidUrl, "invalid-url")]
    [InlineData(FetchFailureReason.Dns, "dns")]
    [InlineData(FetchFailureReason.Refused, "refused")]
    [InlineData(FetchFailureReason.BlockedAddress, "blocked-address")]
    [InlineData(FetchFailureReason.Timeout, "timeout")]
    [InlineData(FetchFailureReason.TooLarge, "too-large")]
    [InlineData(FetchFailureReason.NotHtml, "not-html")]
    [InlineData(FetchFailureReason.HttpStatus, "http-status")]
    [InlineData(FetchFailureReason.TooManyRedirects, "too-many-redirects")]
    [InlineData(FetchFailureReason.Tls, "tls")]
    [InlineData(FetchFailureReason.Network, "network")]
    [InlineData(FetchFailureReason.Truncated, "truncated")]
    [InlineData(FetchFailureReason.InvalidResponse, "invalid-response")]
    public void A_fetch_failure_is_the_job_failure_of_the_same_text(FetchFailureReason reason, string text)
    {
        Assert.Equal(text, EnumText.Of(JobFailures.Of(reason)));
    }

    [Fact]
    public void Every_fetch_failure_has_a_job_failure() =>
        Assert.All(Enum.GetValues<FetchFailureReason>(), r => Assert.Equal(r.ToString(), JobFailures.Of(r).ToString()));

    [Theory]
    [InlineData(JobFailureReason.RobotsDisallowed, "robots-disallowed")]
    [InlineData(JobFailureReason.RobotsUnavailable, "robots-unavailable")]
    [InlineData(JobFailureReason.WorkerLost, "worker-lost")]
    [InlineData(JobFailureReason.WorkerLostTwice, "worker-lost-twice")]
    [InlineData(JobFailureReason.Abandoned, "abandoned")]
    [InlineData(JobFailureReason.TooComplex, "too-complex")]
    [InlineData(JobFailureReason.InternalError, "internal-error")]
    [InlineData(JobFailureReason.ProcessingFailed, "processing-failed")]
    public void The_worker_and_queue_reasons_keep_their_text_in_any_JSON(JobFailureReason reason, string text)
    {
        Assert.Equal(text, EnumText.Of(reason));
        // Whatever options the serialiser is given (a JSON column, a problem's extensions), the type carries the policy.
        Assert.Equal($"\"{text}\"", System.Text.Json.JsonSerializer.Serialize(reason, System.Text.Json.JsonSerializerOptions.Web));
        Assert.Equal(reason, System.Text.Json.JsonSerializer.Deserialize<JobFailureReason>($"\"{text}\"", System.Text.Json.JsonSerializerOptions.Web));
    }
}
