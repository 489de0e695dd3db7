using Archive.Data.Stores;

namespace Archive.Api.Captures;

internal static class CapturesExtensions
{
    /// <summary>Submissions and uploads, and the reads of jobs, batches and raw captures.</summary>
    public static IHostApplicationBuilder AddCaptures(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CaptureOptions>().BindConfiguration("Captures")
            .Validate(o => o.ReuseWindow >= TimeSpan.Zero, "Captures:ReuseWindow may not be negative (zero turns reuse off).")
            .ValidateOnStart();
        builder.Services.AddScoped<SubmissionReads>();
        builder.Services.AddScoped<Submissions>();
        return builder;
    }
}
