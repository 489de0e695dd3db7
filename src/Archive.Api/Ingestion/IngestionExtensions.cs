using Archive.Data.Stores;
using Archive.Engine;
using Archive.Engine.Extraction;

namespace Archive.Api.Ingestion;

internal static class IngestionExtensions
{
    /// <summary>The write path every capture takes: extraction within its bounds, the capture store, the ingestor.</summary>
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // Extraction:MaxNesting, MaxNodes, MaxChildren, MaxTreeDepth, MaxTextChars, ParseBudget bound the work one page may cost.
        var limits = builder.Configuration.GetSection("Extraction").Get<ExtractionLimits>() ?? ExtractionLimits.Default;
        services.AddSingleton(limits);
        // The engine for a page that is looked up, not stored (POST /api/verify); ingest runs it through ExtractionRunner.
        services.AddSingleton(new PageProcessor(limits));
        services.AddOptions<ExtractionRunnerOptions>().BindConfiguration("Extraction");
        services.AddSingleton<ExtractionRunner>();
        services.AddOptions<PageBudgetOptions>().BindConfiguration("Ingestion");
        services.AddSingleton<PageBudget>();
        services.AddScoped<CaptureStore>();
        services.AddScoped<CaptureIngestor>();
        return builder;
    }
}
