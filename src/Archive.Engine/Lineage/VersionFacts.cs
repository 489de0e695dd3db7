namespace Archive.Engine.Lineage;

/// <summary>
/// What an article version gives lineage besides its text: the fields ingest stores with the version. Made from a processed
/// page (ingest stores these; the benches use them directly) or read back from the store, and turned into a member by
/// <see cref="LineageMember.From(string, string, string, VersionFacts, Provenance?)"/> alone, so lineage sees a page the same
/// way in a bench, right after ingest, and when it reads the version again.
/// </summary>
/// <param name="PublisherName">The publisher the page names, else its site name.</param>
/// <param name="Byline">The byline as the page gives it.</param>
/// <param name="PageText">What else the page showed, folded (see <see cref="Lineage.PageText"/>).</param>
/// <param name="Evidence">What the cleaner kept apart from the text; null when none was stored.</param>
public sealed record VersionFacts(
    string? PublisherName,
    string? Byline,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? ModifiedAt,
    string? CanonicalUrl,
    string PageText,
    ArticleEvidence? Evidence)
{
    public static VersionFacts Of(ProcessedPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var article = page.Article;
        var meta = article.Metadata;
        return new VersionFacts(meta.PublisherName ?? meta.SiteName, meta.Byline, meta.PublishedAt?.ToUniversalTime(),
            meta.ModifiedAt?.ToUniversalTime(), meta.CanonicalUrl, article.PageText, page.Evidence);
    }
}
