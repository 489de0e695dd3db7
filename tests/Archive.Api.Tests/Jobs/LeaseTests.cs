using Archive.Api.Tests.Infrastructure;
using Archive.Data;
using Archive.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Api.Tests.Jobs;

public sealed class LeaseTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    [Fact]
    public async Task A_job_whose_worker_died_on_every_attempt_fails_as_abandoned_at_the_limit()
    {
        var job = await InsertExpiredLeaseAsync("https://example.com/kills-its-worker", attempts: 3);

        var status = await factory.CreateClient().WaitForJobAsync(job.Id);

        Assert.Equal("failed", status.GetProperty("state").GetString());
        Assert.Equal("abandoned", status.GetProperty("lastError").GetProperty("reason").GetString());
        // The column holds the same text the API answers (the reason is an enum; its text is the one string policy's).
        Assert.Equal(["abandoned"], await StoredReasonAsync(job.Id));
    }

    [Fact]
    public async Task A_reason_stored_as_text_reads_back_as_its_enum()
    {
        var now = DateTimeOffset.UtcNow;
        var job = new Job { Url = "https://example.com/robots-said-no", State = JobState.Failed, CreatedAt = now, UpdatedAt = now, NextAttemptAt = now };
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArchiveDbContext>();
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        // As a row written before the reason was an enum: the text alone.
        await db.Database.ExecuteSqlAsync($"UPDATE jobs SET failure_reason = 'robots-disallowed' WHERE id = {job.Id}");

        var status = await factory.CreateClient().WaitForJobAsync(job.Id);

        Assert.Equal("robots-disallowed", status.GetProperty("lastError").GetProperty("reason").GetString());
    }

    private async Task<List<string?>> StoredReasonAsync(Guid id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArchiveDbContext>();
        return await db.Database.SqlQuery<string?>($"SELECT failure_reason AS \"Value\" FROM jobs WHERE id = {id}").ToListAsync();
    }

    [Fact]
    public async Task A_job_whose_worker_died_once_is_taken_over_and_finished()
    {
        var job = await InsertExpiredLeaseAsync("http://127.0.0.1:1/taken-over", attempts: 1);

        var status = await factory.CreateClient().WaitForJobAsync(job.Id);

        // Port 1 is refused by policy at once: what matters is that a second attempt was made.
        Assert.True(status.GetProperty("attempts").GetInt32() >= 2, status.ToString());
        Assert.NotEqual("abandoned", status.GetProperty("lastError").GetProperty("reason").GetString());
    }

    /// <summary>A job a worker leased and then died on: still fetching, its lease already expired.</summary>
    private async Task<Job> InsertExpiredLeaseAsync(string url, int attempts)
    {
        var now = DateTimeOffset.UtcNow;
        var job = new Job
        {
            Url = url, State = JobState.Fetching, Attempts = attempts, LeaseUntil = now.AddMinutes(-1), CreatedAt = now, UpdatedAt = now, NextAttemptAt = now,
        };
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArchiveDbContext>();
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        return job;
    }
}
