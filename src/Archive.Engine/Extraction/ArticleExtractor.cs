using Archive.Engine.Extraction.Cleaning;
using Archive.Engine.Extraction.Content;
using Archive.Engine.Extraction.Metadata;
using Archive.Engine.Extraction.Output;

namespace Archive.Engine.Extraction;

/// <summary>
/// Turns one page's HTML into the article alone. Stages, each its own class: parse (<see cref="HtmlParsing"/>) →
/// metadata (read first, since cleaning removes the head and bylines) → clean → pick the story container →
/// cut into blocks → set attribution lines apart and write text and HTML.
/// Stateless: one instance can serve any number of threads.
/// </summary>
public sealed class ArticleExtractor
{
    #pragma warning disable CA1822 // an instance API, so options can be added without breaking callers
    public ExtractedArticle Extract(string html, Uri? pageUrl)
    {
        ArgumentNullException.ThrowIfNull(html);
        var page = HtmlParsing.Parse(html);
        var document = page.Document;
        var metadata = MetadataExtractor.Extract(page, pageUrl);
        var baseUri = BaseUri(document.QuerySelector("base[href]")?.GetAttribute("href"), pageUrl, metadata.CanonicalUrl);

        // Read before cleaning: what the cleaner sets aside (captions, embeds, chrome) is lineage evidence too.
        var pageBlocks = Lineage.PageText.Blocks(document.Body);
        DocumentCleaner.Clean(document);
        var body = document.Body;
        if (body is null)
        {
            return new ExtractedArticle(string.Empty, string.Empty, metadata, [], []);
        }
        var picked = ContentPicker.Pick(body);
        var blocks = new BlockCollector(picked.Statistics, new LinkResolver(baseUri), metadata.Title).Collect(picked.Roots);
        var assembled = ArticleAssembler.Assemble(blocks, pageUrl);
        if (metadata.Byline is null && assembled.VisibleByline is { } byline)
        {
            metadata = metadata with { Byline = byline, Authors = [byline] };
        }
        return new ExtractedArticle(assembled.Text, assembled.Html, metadata, assembled.Attributions, assembled.Links)
        {
            PageText = Lineage.PageText.Outside(pageBlocks, assembled.Text),
        };
    }
#pragma warning restore CA1822

    private static Uri? BaseUri(string? baseHref, Uri? pageUrl, string? canonical)
    {
        var page = pageUrl ?? (Uri.TryCreate(canonical, UriKind.Absolute, out var canonicalUri) ? canonicalUri : null);
        if (baseHref is not null)
        {
            if (page is not null && Uri.TryCreate(page, baseHref, out var resolved))
            {
                return resolved;
            }
            if (Uri.TryCreate(baseHref, UriKind.Absolute, out var absolute))
            {
                return absolute;
            }
        }
        return page;
    }
}
