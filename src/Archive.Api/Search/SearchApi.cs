using Archive.Api.Extensions;
using Archive.Data.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Api.Search;

internal static class SearchApi
{
    public static IHostApplicationBuilder AddSearch(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<SearchStore>();
        builder.Services.AddScoped<ArticleSearch>();
        builder.Services.AddOptions<SearchIndexOptions>().BindConfiguration("Search");
        builder.Services.AddSingleton<SearchIndexer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SearchIndexer>());
        return builder;
    }

    public static RouteGroupBuilder MapSearch(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/search").WithTags("Search").WithValidation().AddEndpointFilter<ServerTimingFilter>();
        group.MapGet("/", SearchAsync)
            .WithSummary("Full-text search over articles' titles and clean text (each in its own language), with highlighted " +
                "snippets; or an article URL or content hash (sha256:…). Filters: publisher (id, domain or name), from/to, language.")
            .WithDescription("Words are searched in an index built after each upload's commit: a new article is found by its " +
                "words a moment after its 201 (typically within a second under upload load; see docs/reader.md), and until then " +
                "by its previous version's words. URL and content-hash queries, and every read of the article, see it at once.");
        return group;
    }

    private static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> SearchAsync([AsParameters] SearchRequest request,
        ArticleSearch search, CancellationToken ct)
    {
        var (response, unknownPublisher) = await search.SearchAsync(request, ct);
        return response is null ? Problems.NotFound("Publisher", unknownPublisher!) : TypedResults.Ok(response);
    }
}
