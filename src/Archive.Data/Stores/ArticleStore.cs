using Archive.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Archive.Data.Stores;

/// <summary>Article identities: which article a URL leads to, created on the first capture of any of its URL keys.</summary>
public sealed class ArticleStore(ArchiveDbContext db)
{
    /// <summary>
    /// The article any of <paramref name="urlKeys"/> leads to, or a new one from <paramref name="create"/>; every key not yet
    /// known is added as a way to it. Runs inside the caller's transaction and leaves the changes to its next SaveChanges.
    /// </summary>
    public async Task<Article> FindOrCreateByUrlAsync(IReadOnlyCollection<string> urlKeys, Func<Article> create, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(urlKeys);
        ArgumentNullException.ThrowIfNull(create);
        string[] keys = [.. urlKeys.Distinct(StringComparer.Ordinal)];
        // Two captures of one URL arriving at once must land on one article: serialise on the URL keys, in one order.
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKeys.ArticleUrl(key)})", ct);
        }
        var known = await db.ArticleUrls.Where(u => keys.Contains(u.UrlKey)).Select(u => new { u.UrlKey, u.ArticleId }).ToListAsync(ct);
        var article = known.Count > 0
            ? await db.Articles.SingleAsync(a => a.Id == known[0].ArticleId, ct)
            : null;
        if (article is null)
        {
            article = create();
            db.Articles.Add(article);
        }
        foreach (var key in keys.Except(known.Select(k => k.UrlKey)))
        {
            db.ArticleUrls.Add(new ArticleUrl { UrlKey = key, ArticleId = article.Id });
        }
        return article;
    }
}
