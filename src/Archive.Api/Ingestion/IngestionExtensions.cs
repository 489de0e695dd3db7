using Archive.Data.Stores;
using Archive.Engine.Extraction;

namespace Archive.Api.Ingestion;

internal static class IngestionExtensions
{
    /// <summary>The write path every capture takes: extraction within its bounds, publishers, article identity, the ingestor.</summary>
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // Extraction:MaxNesting, MaxNodes, MaxChildren, MaxTreeDepth, MaxTextChars, ParseBudget bound the work one page may cost.
        var limits = builder.Configuration.GetSection("Extraction").Get<ExtractionLimits>() ?? ExtractionLimits.Default;
        services.AddSingleton(limits);
        services.AddSingleton(new ArticleExtractor(limits));
        services.AddOptions<ExtractionRunnerOptions>().BindConfiguration("Extraction");
        services.AddSingleton<ExtractionRunner>();
        services.AddOptions<PageBudgetOptions>().BindConfiguration("Ingestion");
        services.AddSingleton<PageBudget>();
        services.AddScoped<PublisherStore>();
        services.AddScoped<PublisherResolver>();
        services.AddScoped<ArticleStore>();
        services.AddScoped<CaptureIngestor>();
        return builder;
    }
}
