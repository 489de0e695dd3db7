namespace Archive.Api.Articles;

/// <summary>Configuration section <c>Articles</c>.</summary>
public sealed class ArticleOptions
{
    /// <summary>How long an article read is served from the output cache. One process evicts on every change it makes;
    /// several processes behind one database may serve a read this old.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(5);
}
