using System.Net;
using Archive.Api.Tests.Infrastructure;
using Archive.Data.Entities;
using Archive.Data;
using Archive.Fetching.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Api.Tests.Hardening;

/// <summary>
/// A job whose worker's process died while working it is never worked again as if nothing happened: the next attempt
/// runs under the guard (tighter limits, its own deep stack), and a second death abandons it. The service here has the
/// nesting limiter opened wide and a tree-depth cap of 64, so a 1,000-deep page fails unguarded and archives guarded.
/// </summary>
public sealed class JobGuardTests(UnlimitedNestingApiFactory factory, FixtureOrigin origin)
    : IClassFixture<UnlimitedNestingApiFactory>, IClassFixture<FixtureOrigin>
{
    [Fact]
    public async Task A_job_taken_over_from_a_dead_worker_is_worked_under_the_guard()
    {
        var job = await InsertExpiredLeaseAsync(origin.Url("/deep/1000?taken-over").AbsoluteUri, failureReason: null);

        var status = await factory.CreateClient().WaitForJobAsync(job.Id, TimeSpan.FromMinutes(1));

        // Unguarded, this page fails as too-complex (see TooComplexPageTests); the guard's tighter nesting cap flattens it.
        Assert.Equal("done", status.GetProperty("state").GetString());
        Assert.Equal(2, status.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_job_whose_worker_died_twice_is_abandoned_not_worked_again()
    {
        var job = await InsertExpiredLeaseAsync(origin.Url("/page?died-twice").AbsoluteUri, failureReason: JobFailureReason.WorkerLost);

        var status = await factory.CreateClient().WaitForJobAsync(job.Id);

        Assert.Equal("failed", status.GetProperty("state").GetString());
        Assert.Equal("abandoned", status.GetProperty("lastError").GetProperty("reason").GetString());
        Assert.Equal(0, origin.Hits("/page"));
    }

    private async Task<Job> InsertExpiredLeaseAsync(string url, JobFailureReason? failureReason)
    {
        var now = DateTimeOffset.UtcNow;
        var job = new Job
        {
            Url = url, State = JobState.Fetching, Attempts = 1, LeaseUntil = now.AddMinutes(-1), FailureReason = failureReason,
            CreatedAt = now, UpdatedAt = now, NextAttemptAt = now,
        };
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArchiveDbContext>();
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        return job;
    }
}

/// <summary>The service with a slow per-host pace, so one host's backlog lasts long enough to starve others.</summary>
public sealed class SlowPaceApiFactory : ArchiveApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [.. base.Settings, new("Politeness:MinDelay", "00:00:01.500"), new("Politeness:PerHostConcurrency", "1")];
}

public sealed class HostAwareLeasingTests(SlowPaceApiFactory factory, FixtureOrigin origin)
    : IClassFixture<SlowPaceApiFactory>, IClassFixture<FixtureOrigin>
{
    [Fact]
    public async Task One_hosts_backlog_does_not_delay_another_hosts_job()
    {
        var client = factory.CreateClient();
        var backlog = Enumerable.Range(0, 40).Select(i => origin.Url($"/page?backlog={i}").AbsoluteUri).ToArray();
        var batch = await (await client.PostJsonAsync("/api/captures/batch", new { urls = backlog })).ReadJsonAsync(HttpStatusCode.Accepted);
        var batchId = batch.GetProperty("batchId").GetGuid();
        // The workers are busy with the backlog's host once its first page is in.
        await BacklogDoneAsync(client, batchId, until: done => done >= 1);

        // The same origin under another host name: its own politeness slot.
        var other = await (await client.PostJsonAsync("/api/captures", new { url = $"http://localhost:{origin.Port}/page?other" }))
            .ReadJsonAsync(HttpStatusCode.Accepted);
        var status = await client.WaitForJobAsync(other.GetProperty("id").GetGuid(), TimeSpan.FromMinutes(2));

        Assert.Equal("done", status.GetProperty("state").GetString());
        // The backlog goes one page per 1.5 s (60 s in all). Measured against the backlog's own pace rather than a wall
        // clock, so a loaded machine slows both sides: taken in turn, the other job would wait for ~36 pages of it.
        var backlogDone = await BacklogDoneAsync(client, batchId, until: _ => true);
        Assert.True(backlogDone < 20, $"the other host's job waited for {backlogDone} of the backlog's 40 pages");
    }

    private static async Task<int> BacklogDoneAsync(HttpClient client, Guid batchId, Func<int, bool> until)
    {
        for (var deadline = DateTime.UtcNow.AddMinutes(2); ; await Task.Delay(100))
        {
            var counts = (await (await client.GetAsync($"/api/batches/{batchId}")).ReadJsonAsync(HttpStatusCode.OK)).GetProperty("counts");
            var done = counts.TryGetProperty("done", out var d) ? d.GetInt32() : 0;
            if (until(done))
            {
                return done;
            }
            Assert.True(DateTime.UtcNow < deadline, $"the backlog stayed at {done} done: {counts}");
        }
    }
}
