using Archive.Api.Ingestion;
using Archive.Data;
using Archive.Data.Entities;
using Archive.Engine;
using Archive.Fetching;
using Archive.Fetching.Politeness;
using Archive.Fetching.Robots;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Archive.Api.Jobs;

public sealed class WorkerOptions
{
    /// <summary>Jobs worked at once by this process.</summary>
    public int Concurrency { get; set; } = 4;
    /// <summary>How often an idle worker looks for due jobs (retries, jobs enqueued by other processes).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public bool Enabled { get; set; } = true;
}

/// <summary>Works the PostgreSQL job queue: lease a job, fetch it, store capture and article with the job's completion.</summary>
internal sealed class FetchWorker(IServiceScopeFactory scopes, IOptions<WorkerOptions> options, JobSignal signal, IHostGate gate,
    Roles.ProcessRoles roles, ILogger<FetchWorker> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Enabled && roles.RunsWorker
            ? Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Concurrency)).Select(_ => LoopAsync(stoppingToken)))
            : Task.CompletedTask;

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await WorkOneAsync(stoppingToken))
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A worker loop must survive any one job; the job's lease expires and it is retried.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "The fetch worker failed; continuing");
                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
        }
    }

    private async Task<bool> WorkOneAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var job = await queue.LeaseAsync(ct, gate.BusyHosts());
        if (job is null)
        {
            return false;
        }
        try
        {
            await WorkAsync(scope, queue, job, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Never leave a job leased on an unexpected error: its lease would expire and hand it back as if its worker had
            // died. A database error may pass; anything else is a property of this page.
            var transient = ex is System.Data.Common.DbException or TimeoutException;
            logger.LogError(ex, "Job {JobId}: processing {Url} failed", job.Id, job.Url);
            await queue.FailAsync(job, transient ? JobFailureReason.InternalError : JobFailureReason.ProcessingFailed,
                transient ? "The archive's database failed while storing this page; it is retried." : "The archive could not process this page.",
                transient, CancellationToken.None);
        }
        return true;
    }

    private async Task WorkAsync(AsyncServiceScope scope, JobQueue queue, Job job, CancellationToken ct)
    {
        var fetcher = scope.ServiceProvider.GetRequiredService<PageFetcher>();
        var url = new Uri(job.Url);
        FetchOutcome outcome;
        using (await gate.EnterAsync(url.Host, ct))
        {
            var robots = job.IgnoreRobots ? RobotsVerdict.Allowed : await scope.ServiceProvider.GetRequiredService<RobotsPolicy>().CheckAsync(url, ct);
            if (robots != RobotsVerdict.Allowed)
            {
                var disallowed = robots == RobotsVerdict.Disallowed;
                logger.LogInformation("Job {JobId}: robots.txt {Verdict} {Url}", job.Id, robots, job.Url);
                await queue.FailAsync(job, disallowed ? JobFailureReason.RobotsDisallowed : JobFailureReason.RobotsUnavailable,
                    disallowed ? "The site's robots.txt disallows this URL for the archive's user agent."
                        : "The site's robots.txt could not be read whole (a server error, or cut short); fetching waits until it can be.",
                    transient: !disallowed, ct);
                return;
            }
            outcome = await fetcher.FetchAsync(url, ct);
        }
        if (!outcome.Succeeded)
        {
            var failure = outcome.Failure;
            logger.LogInformation("Job {JobId} attempt {Attempt}: {Reason} for {Url}: {Message}", job.Id, job.Attempts,
                EnumText.Of(failure.Reason), job.Url, failure.Message);
            await queue.FailAsync(job, JobFailures.Of(failure.Reason), failure.Message, IsTransient(failure), ct);
            return;
        }
        var page = outcome.Page;
        var ingestor = scope.ServiceProvider.GetRequiredService<CaptureIngestor>();
        try
        {
            var result = await ingestor.IngestAsync(new RawPage
            {
                RequestedUrl = page.RequestedUrl,
                FinalUrl = page.FinalUrl,
                Redirects = page.Redirects.Select(r => new RedirectHop(r.Url.AbsoluteUri, r.Status)).ToList(),
                HttpStatus = page.Status,
                Headers = page.Headers,
                RequestHeaders = fetcher.RequestHeadersFor(page.FinalUrl),
                // The type as the fetcher parsed it, never the header verbatim ("text/html, application/json" is kept in
                // the capture's headers, and must not be served back as a type).
                ContentType = page.Charset is { Length: > 0 } charset ? $"{page.ContentType}; charset={charset}" : page.ContentType,
                Body = page.Body,
                CapturedAt = page.FetchedAt,
                FetchDurationMs = (long)page.Duration.TotalMilliseconds,
                Source = CaptureSource.Fetched,
                SubmittedBy = job.SubmittedBy,
                JobId = job.Id,
                Guarded = job.FailureReason == JobFailureReason.WorkerLost,
            }, (capture, version) => queue.CompleteAsync(job.Id, capture.Id, version.ArticleId, ct), ct);
            logger.LogInformation("Job {JobId}: captured {Url} as {CaptureId}", job.Id, job.Url, result.CaptureId);
        }
        catch (Engine.Extraction.PageTooComplexException tooComplex)
        {
            // A permanent property of the page: retrying would only spend the same bounded work again.
            logger.LogWarning("Job {JobId}: {Url} is too complex to archive: {Message}", job.Id, job.Url, tooComplex.Message);
            await queue.FailAsync(job, JobFailureReason.TooComplex, tooComplex.Message, transient: false, ct);
        }
        catch (Exception ex) when (Data.PostgresErrors.IsUniqueViolation(ex))
        {
            // Another worker finished this job after our lease expired: its capture stands, ours is not stored.
            logger.LogWarning("Job {JobId} was completed by another worker; this attempt's capture is dropped", job.Id);
        }
    }

    private static bool IsTransient(FetchFailure failure) => failure.Reason switch
    {
        FetchFailureReason.Dns or FetchFailureReason.Refused or FetchFailureReason.Timeout or FetchFailureReason.Network
            or FetchFailureReason.Truncated => true,
        FetchFailureReason.HttpStatus => failure.Status is 408 or 425 or 429 or >= 500,
        _ => false,
    };
}

internal static class FetchWorkerExtensions
{
    public static IHostApplicationBuilder AddFetchWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkerOptions>().BindConfiguration("Worker");
        builder.Services.AddHostedService<FetchWorker>();
        // Politeness holds across every worker on the database, not per process.
        builder.Services.AddSingleton<Data.HostSlotStore>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IHostGate, SharedHostGate>());
        return builder;
    }
}
