using Archive.Api.Extensions;
using Archive.Api.Lineage;
using Archive.Data.Stores;

namespace Archive.Api.Reader.Articles;

/// <summary>Two versions side by side: which, and their differences.</summary>
public sealed record Comparison(VersionRow From, VersionRow To, IReadOnlyList<DiffBlock> Blocks);

/// <summary>Everything the article page shows.</summary>
public sealed record ArticlePageModel(ShownArticle Article, ArticleLineage Lineage, string SafeHtml, IReadOnlyList<VersionRow> Versions, VersionRow Shown,
    Comparison? Comparison, LineageTree? Tree, LineageDrawing? Drawing, LogInclusion Log);

/// <summary>Gathers an article page: the version asked for (or the current one), its captures and versions, an optional
/// comparison of two versions, the shown capture checked against the transparency log, and the story's family drawn from its
/// origin.</summary>
public sealed class ArticlePageBuilder(ArticlePageReads reads, ReaderStore store, ArticleHtml html,
    LogInclusionCheck log, ServerTiming timing)
{
    public async Task<ArticlePageModel?> BuildAsync(Guid id, Guid? version, Guid? from, Guid? to, CancellationToken ct)
    {
        ShownArticle article;
        Family family;
        ArticleLineage ofArticle;
        using (timing.Measure("article"))
        {
            if (await reads.ReadAsync(id, version, ct) is not { } read)
            {
                return null;
            }
            (article, family) = read;
            ofArticle = LineageReader.ForArticle(id, family);
        }
        List<VersionRow> versions;
        using (timing.Measure("versions"))
        {
            versions = await store.VersionsAsync(id, ct);
        }
        var shown = versions.Single(v => v.VersionId == article.VersionId);
        Comparison? comparison = null;
        if (from is { } a && to is { } b && versions.Find(v => v.VersionId == a) is { } left && versions.Find(v => v.VersionId == b) is { } right)
        {
            using var _ = timing.Measure("diff");
            var (before, after) = await store.TextsAsync(id, a, b, ct);
            comparison = new Comparison(left, right, VersionDiff.Compare(before!, after!));
        }
        LineageTree? tree;
        using (timing.Measure("tree"))
        {
            tree = ofArticle.Origin is null ? null : LineageReader.Tree(id, family);
        }
        LineageDrawing? drawing;
        using (timing.Measure("layout"))
        {
            drawing = tree is null ? null : LineageDrawing.Layout(tree, id);
        }
        string safe;
        using (timing.Measure("sanitise"))
        {
            safe = html.Render(article.Html, article.Text);
        }
        LogInclusion inclusion;
        using (timing.Measure("log"))
        {
            inclusion = await log.CheckAsync(shown, ct);
        }
        return new ArticlePageModel(article, ofArticle, safe, versions, shown, comparison, tree, drawing, inclusion);
    }
}
