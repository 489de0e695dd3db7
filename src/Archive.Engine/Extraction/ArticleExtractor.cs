using Archive.Engine.Extraction.Metadata;
using Archive.Engine.Extraction.Output;
using Archive.Engine.Extraction.Scoring;

namespace Archive.Engine.Extraction;

/// <summary>
/// Turns one page's HTML into the article alone. Stages, each its own class: parse (<see cref="HtmlParsing"/>) →
/// metadata (read first, since cleaning removes the head and bylines) → cut the body into blocks and read each two ways
/// (<see cref="PageAnalysis"/>: a learned block scorer, and the classic clean-and-pick reading it takes as a hint) →
/// set attribution lines apart and write text and HTML (<see cref="ArticleAssembler"/>) → judge the result
/// (<see cref="ExtractionWarnings"/>).
/// Stateless: one instance can serve any number of threads.
/// </summary>
public sealed class ArticleExtractor(ExtractionLimits? limits = null)
{
    private readonly ExtractionLimits _limits = limits ?? ExtractionLimits.Default;

    /// <exception cref="PageTooComplexException">The page cannot be processed within the limits.</exception>
    public ExtractedArticle Extract(string html, Uri? pageUrl)
    {
        ArgumentNullException.ThrowIfNull(html);
        return Extract(HtmlParsing.Parse(html, _limits), pageUrl);
    }

    /// <summary>The same over a page held in a buffer (<see cref="Decoding.PooledHtml"/>): it is read only before the parse.</summary>
    /// <exception cref="PageTooComplexException">The page cannot be processed within the limits.</exception>
    public ExtractedArticle Extract(ReadOnlyMemory<char> html, Uri? pageUrl) => Extract(HtmlParsing.Parse(html, _limits), pageUrl);

    private static ExtractedArticle Extract(ParsedPage page, Uri? pageUrl)
    {
        var document = page.Document;
        // One walk of the page as parsed gives the metadata its tags and the links their base (the first <base href>).
        var signals = PageSignals.Read(document);
        var metadata = MetadataExtractor.Extract(page, signals, pageUrl);
        var baseUri = BaseUri(signals.BaseHref, pageUrl, metadata.CanonicalUrl);
        if (document.Body is null)
        {
            return Finish(string.Empty, string.Empty, metadata, [], [], null, page.TextCut);
        }
        // Read before cleaning: what the cleaner sets aside (captions, embeds, chrome) is lineage evidence too.
        var pageBlocks = Lineage.PageText.Blocks(document.Body);
        var analysis = PageAnalysis.Analyze(page, metadata.Title, new LinkResolver(baseUri), pageUrl);
        var (assembled, confidence) = Choose(analysis);
        if (assembled.Text.Length == 0)
        {
            assembled = Fallback(page, analysis);
        }
        if (ProductDescription.Read(page.JsonLdFindings.ProductDescription) is { } description && ProductDescription.IsMissingFrom(assembled.Text, description))
        {
            assembled = WithDescription(assembled, description);
        }
        if (metadata.Byline is null && assembled.VisibleByline is { } byline)
        {
            metadata = metadata with { Byline = byline, Authors = [byline] };
        }
        return Finish(assembled.Text, assembled.Html, metadata, assembled.Attributions, assembled.Links, confidence, page.TextCut) with
        {
            PageText = Lineage.PageText.Outside(pageBlocks, assembled.Text),
        };
    }

    // The scorer's blocks when it keeps any; the classic reading otherwise.
    private static (AssembledArticle Article, double? Confidence) Choose(PageAnalysis analysis)
    {
        if (BlockModel.Default is not { } model || analysis.Blocks.Count == 0)
        {
            return (analysis.Classic, null);
        }
        var probabilities = model.Probabilities(analysis.Features);
        var (keep, confidence) = BlockSelection.Select(analysis.Lengths, analysis.Roles, probabilities, model.Threshold);
        var kept = analysis.Blocks.Where((_, i) => keep[i]).ToList();
        var scored = ArticleAssembler.Assemble(kept, dropFurnitureLines: false);
        if (scored.Text.Length == 0)
        {
            return (analysis.Classic, confidence);
        }
        // Attribution lines are lineage evidence: the classic reading finds them at the story's edges.
        var attributions = analysis.Classic.Attributions.Concat(scored.Attributions).DistinctBy(a => a.Text).ToList();
        return (scored with { Attributions = attributions, VisibleByline = analysis.Classic.VisibleByline }, confidence);
    }

    /// <summary>
    /// Neither reading found a story: the publisher's own JSON-LD text, else the largest block of prose on the page,
    /// rather than storing an article with no text.
    /// </summary>
    internal static AssembledArticle Fallback(ParsedPage page, PageAnalysis analysis)
    {
        if (page.JsonLdFindings.Article?.Body is { } body)
        {
            var paragraphs = body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => new Output.ContentBlock(Output.BlockKind.Paragraph, BlockCollector.Normalize(line),
                    ArticleAssembler.Encode(BlockCollector.Normalize(line)), 0, null, false, null, []))
                .Where(block => block.Text.Length > 0)
                .ToList();
            return ArticleAssembler.Assemble(paragraphs, dropFurnitureLines: false);
        }
        var largest = analysis.Blocks.Where(b => !b.LinkHeavy).MaxBy(b => b.Text.Length);
        return ArticleAssembler.Assemble(largest is null || largest.Text.Length < MinFallbackChars ? [] : [largest], dropFurnitureLines: false);
    }

    private const int MinFallbackChars = 80;

    // The description opens the text, as it opens a product page.
    private static AssembledArticle WithDescription(AssembledArticle article, string description)
    {
        var block = new ContentBlock(BlockKind.Paragraph, description, ArticleAssembler.Encode(description), 0, null, false, null, []);
        return ArticleAssembler.Assemble([block, .. article.Kept], dropFurnitureLines: false) with
        {
            Attributions = article.Attributions,
            VisibleByline = article.VisibleByline,
        };
    }

    private static ExtractedArticle Finish(string text, string html, ArticleMetadata metadata, IReadOnlyList<Attribution> attributions,
        IReadOnlyList<ArticleLink> links, double? confidence, bool textCut) =>
        new(text, html, metadata, attributions, links)
        {
            Confidence = confidence is null ? null : Math.Round(confidence.Value, 3),
            Warnings = textCut ? [.. ExtractionWarnings.For(text), ExtractionWarnings.TextCut] : ExtractionWarnings.For(text),
        };

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
