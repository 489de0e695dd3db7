using Archive.Data.Stores;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace Archive.Api.Articles;

internal static class ArticlesExtensions
{
    /// <summary>Article reads, their list, and the output cache that serves them.</summary>
    public static IHostApplicationBuilder AddArticles(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ArticleOptions>().BindConfiguration("Articles")
            .Validate(o => o.CacheDuration >= TimeSpan.Zero, "Articles:CacheDuration may not be negative.")
            .ValidateOnStart();
        services.AddScoped<ArticleReader>();
        services.AddScoped<StoredAnswerReads>();
        services.AddScoped<ArticleListReads>();
        services.AddSingleton<ArticleCache>();
        services.AddSingleton<Data.ArticleChangeChannel>();
        services.AddHostedService<ArticleCacheListener>();
        services.AddSingleton<Lineage.ILineageObserver>(sp => sp.GetRequiredService<ArticleCache>());
        services.AddSingleton<Lineage.IFamilyAnswerWarmUp, FamilyAnswerWarmUp>();
        services.AddOutputCache();
        services.AddOptions<OutputCacheOptions>().Configure<IOptions<ArticleOptions>>((cache, articles) =>
            cache.AddPolicy(ArticleCache.PolicyName, new ArticleCachePolicy(articles.Value.CacheDuration)));
        return builder;
    }
}
