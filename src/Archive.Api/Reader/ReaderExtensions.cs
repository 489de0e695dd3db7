using Archive.Data.Stores;

namespace Archive.Api.Reader;

/// <summary>
/// The reader: server-rendered pages for people (search, articles with their lineage, outlets, the audit, submissions) on
/// the service's own origin. Razor components rendered statically, no script at all, assets served from the assembly.
/// </summary>
internal static class ReaderExtensions
{
    public static IHostApplicationBuilder AddReader(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents();
        builder.Services.AddScoped<ReaderStore>();
        builder.Services.AddScoped<ArticlePageReads>();
        builder.Services.AddSingleton<Articles.ArticleHtml>();
        builder.Services.AddScoped<Articles.ArticlePageBuilder>();
        builder.Services.AddScoped<Articles.LogInclusionCheck>();
        builder.Services.AddSingleton<Articles.OpenedCheckpoint>();
        return builder;
    }

    public static IEndpointRouteBuilder MapReader(this IEndpointRouteBuilder routes)
    {
        var pages = routes.MapGroup("").WithTags("Reader").ExcludeFromDescription().AddEndpointFilter<ReaderHeaders>()
            .AddEndpointFilter<Extensions.ServerTimingFilter>();
        ReaderAssets.Map(pages);
        ReaderPages.Map(pages, routes.ServiceProvider.GetRequiredService<IConfiguration>().GetValue("Reader:CacheArticlePages", true));
        Submit.SubmitPages.Map(pages);
        return routes;
    }
}
