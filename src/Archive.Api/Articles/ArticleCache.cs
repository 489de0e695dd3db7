using Archive.Data;
using Microsoft.AspNetCore.OutputCaching;
using Npgsql;

namespace Archive.Api.Articles;

/// <summary>
/// Article reads are served from an output cache tagged per article. Whatever changes what an article's endpoints return
/// (a new capture of it, a re-resolved lineage family) evicts that article's tag in this process and tells every other
/// process on the database (PostgreSQL NOTIFY through <see cref="ArticleChangeChannel"/>, heard by <see cref="ArticleCacheListener"/>), so
/// the eviction reaches them before the change is answered to its caller, and they drop their copy as it arrives
/// (milliseconds). A process that lost its listening connection drops every cached article when it listens again.
/// </summary>
public sealed class ArticleCache(IOutputCacheStore store, ArticleChangeChannel changes, ILogger<ArticleCache> logger) : Lineage.ILineageObserver
{
    public const string PolicyName = "article";

    /// <summary>Every cached article answer carries it too, so a process can drop them all at once.</summary>
    public const string AllTag = "article:*";

    public static string Tag(object articleId) => $"article:{articleId}";

    public async Task EvictAsync(IEnumerable<Guid> articleIds, CancellationToken ct)
    {
        var ids = articleIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }
        await EvictHereAsync(ids, ct);
        try
        {
            await changes.NotifyAsync(ids, ct);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The change is committed; other processes serve their copy until it expires (Articles:CacheDuration).
            logger.LogWarning(e, "Could not tell other processes to drop {Count} cached articles", ids.Count);
        }
    }

    /// <summary>Drops this process's cached answers of the articles (an eviction heard from another process).</summary>
    public async Task EvictHereAsync(IEnumerable<Guid> articleIds, CancellationToken ct)
    {
        foreach (var id in articleIds)
        {
            await store.EvictByTagAsync(Tag(id), ct);
        }
    }

    /// <summary>Drops every cached article answer of this process.</summary>
    public ValueTask EvictAllHereAsync(CancellationToken ct) => store.EvictByTagAsync(AllTag, ct);

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
        context.Tags.Add(ArticleCache.AllTag);
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
