using Archive.Data.Stores;

namespace Archive.Api.Jobs;

internal static class JobsExtensions
{
    /// <summary>The submission queue (its worker is <see cref="FetchWorkerExtensions.AddFetchWorker"/>).</summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<JobQueueOptions>().BindConfiguration("Jobs")
            .Validate(o => o.Lease > TimeSpan.Zero, "Jobs:Lease must be positive.")
            .Validate(o => o.MaxAttempts >= 1, "Jobs:MaxAttempts must be 1 or more.")
            .Validate(o => o.RetryDelay >= TimeSpan.Zero, "Jobs:RetryDelay may not be negative.")
            .ValidateOnStart();
        services.AddScoped<JobStore>();
        services.AddScoped<JobQueue>();
        services.AddSingleton<JobSignal>();
        return builder;
    }
}
