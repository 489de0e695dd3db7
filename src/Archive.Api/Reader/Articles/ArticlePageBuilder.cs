using Archive.Api.Articles;
using Archive.Api.Lineage;
using Archive.Data.Stores;

namespace Archive.Api.Reader.Articles;

/// <summary>Two versions side by side: which, and their differences.</summary>
public sealed record Comparison(VersionRow From, VersionRow To, IReadOnlyList<DiffBlock> Blocks);

/// <summary>Everything the article page shows.</summary>
public sealed record ArticlePageModel(ArticleResponse Article, string SafeHtml, IReadOnlyList<VersionRow> Versions, VersionRow Shown,
    Comparison? Comparison, LineageTree? Tree, LineageDrawing? Drawing);

/// <summary>Gathers an article page: the version asked for (or the current one), its captures and versions, an optional
/// comparison of two versions, and the story's family drawn from its origin.</summary>
public sealed class ArticlePageBuilder(ArticleReader articles, LineageReader lineage, ReaderStore store, ArticleHtml html)
{
    public async Task<ArticlePageModel?> BuildAsync(Guid id, Guid? version, Guid? from, Guid? to, CancellationToken ct)
    {
        var article = await articles.ReadAsync(id, version, ct);
        if (article is null)
        {
            return null;
        }
        var versions = await store.VersionsAsync(id, ct);
        var shown = versions.Single(v => v.VersionId == article.VersionId);
        Comparison? comparison = null;
        if (from is { } a && to is { } b && versions.Find(v => v.VersionId == a) is { } left && versions.Find(v => v.VersionId == b) is { } right)
        {
            var (before, after) = await store.TextsAsync(id, a, b, ct);
            comparison = new Comparison(left, right, VersionDiff.Compare(before!, after!));
        }
        var tree = article.Lineage?.Origin is null ? null : await lineage.TreeAsync(id, ct);
        return new ArticlePageModel(article, html.Render(article.Html, article.Text), versions, shown, comparison, tree,
            tree is null ? null : LineageDrawing.Layout(tree, id));
    }
}
