using Microsoft.EntityFrameworkCore;

namespace Archive.Data.Stores;

public sealed record ArticleListRow(Guid Id, string Url, string? Title, DateTimeOffset? PublishedAt, DateTimeOffset CapturedAt, string ContentHash,
    Guid? PublisherId, string? PublisherName, string? PublisherDomain);

/// <summary>Filters for a list of articles; <see cref="From"/>/<see cref="To"/> bound when the story was published, or
/// when it does not say, captured (as search and the audit do). <see cref="ContentHashHex"/> is bare hex.</summary>
public sealed record ArticleListFilter(Guid? PublisherId, DateTimeOffset? From, DateTimeOffset? To, string? ContentHashHex, int Page, int PageSize);

/// <summary>Paged lists of articles by their current version, newest first.</summary>
public sealed class ArticleListReads(Replicas.ArchiveReadDb read)
{
    private readonly ArchiveDbContext db = read.Context;

    public async Task<(int Total, List<ArticleListRow> Items)> ListAsync(ArticleListFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var articles = db.Articles.AsNoTracking().Where(a => a.CurrentVersion != null);
        if (filter.PublisherId is { } publisher)
        {
            articles = articles.Where(a => a.PublisherId == publisher);
        }
        if (filter.From is { } from)
        {
            articles = articles.Where(a => (a.CurrentVersion!.PublishedAt ?? a.CurrentVersion.CapturedAt) >= from);
        }
        if (filter.To is { } to)
        {
            articles = articles.Where(a => (a.CurrentVersion!.PublishedAt ?? a.CurrentVersion.CapturedAt) < to);
        }
        if (filter.ContentHashHex is { } hash)
        {
            // Any version with that text, not only the current one: the hash names a text the article once had.
            articles = articles.Where(a => db.ArticleVersions.Any(v => v.ArticleId == a.Id && v.ContentHash == hash));
        }
        var total = await articles.CountAsync(ct);
        var items = await articles
            .OrderByDescending(a => a.CurrentVersion!.PublishedAt ?? a.CurrentVersion.CapturedAt).ThenByDescending(a => a.Id)
            .Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)
            .Select(a => new ArticleListRow(a.Id, a.Url, a.CurrentVersion!.Title, a.CurrentVersion.PublishedAt, a.CurrentVersion.CapturedAt,
                a.CurrentVersion.ContentHash, a.PublisherId, a.Publisher != null ? a.Publisher.Name : null,
                a.Publisher != null ? a.Publisher.PrimaryDomain : null))
            .ToListAsync(ct);
        return (total, items);
    }
}
