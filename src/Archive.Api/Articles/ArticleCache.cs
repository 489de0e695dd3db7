using Microsoft.AspNetCore.OutputCaching;

namespace Archive.Api.Articles;

/// <summary>
/// Article reads are served from an output cache tagged per article. Whatever changes what an article's endpoints return
/// (a new capture of it, a re-resolved lineage family) evicts that article's tag in this process, so a single service is
/// never stale; several processes behind one database may serve a read up to <c>Articles:CacheDuration</c> (default 5 min) old.
/// </summary>
public sealed class ArticleCache(IOutputCacheStore store) : Lineage.ILineageObserver
{
    public const string PolicyName = "article";

    public static string Tag(object articleId) => $"article:{articleId}";

    public async Task EvictAsync(IEnumerable<Guid> articleIds, CancellationToken ct)
    {
        foreach (var id in articleIds)
        {
            await store.EvictByTagAsync(Tag(id), ct);
        }
    }

    /// <summary>A family re-resolved: its members' articles show other links now.</summary>
    Task Lineage.ILineageObserver.LineageChangedAsync(IReadOnlyCollection<Guid> articleIds, CancellationToken ct) => EvictAsync(articleIds, ct);
}

/// <summary>Caches 200 answers to GET/HEAD of one article's endpoints, whoever asks (reads do not vary by key), by path and query.</summary>
internal sealed class ArticleCachePolicy(TimeSpan duration) : IOutputCachePolicy
{
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var cacheable = HttpMethods.IsGet(context.HttpContext.Request.Method) || HttpMethods.IsHead(context.HttpContext.Request.Method);
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = duration;
        context.CacheVaryByRules.QueryKeys = "*";
        if (context.HttpContext.Request.RouteValues["id"] is { } id)
        {
            context.Tags.Add(ArticleCache.Tag(id));
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        // A replica's answer may predate a change whose eviction already ran: storing it would keep it past the change.
        if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK
            || context.HttpContext.RequestServices.GetService<Archive.Data.Replicas.ReadRoute>() is { ServedByReplica: true })
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }
}
