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
        if (document.Body is null)
        {
            return Finish(string.Empty, string.Empty, metadata, [], [], null);
        }
        // Read before cleaning: what the cleaner sets aside (captions, embeds, chrome) is lineage evidence too.
        var pageBlocks = Lineage.PageText.Blocks(document.Body);
        var analysis = PageAnalysis.Analyze(page, metadata.Title, new LinkResolver(baseUri), pageUrl);
        var (assembled, confidence) = Choose(analysis);
        if (assembled.Text.Length == 0)
        {
            assembled = Fallback(page, analysis);
        }
        if (metadata.Byline is null && assembled.VisibleByline is { } byline)
        {
            metadata = metadata with { Byline = byline, Authors = [byline] };
        }
        return Finish(assembled.Text, assembled.Html, metadata, assembled.Attributions, assembled.Links, confidence) with
        {
            PageText = Lineage.PageText.Outside(pageBlocks, assembled.Text),
        };
    }
#pragma warning restore CA1822

    // The scorer's blocks when it keeps any; the classic reading otherwise.
    private static (AssembledArticle Article, double? Confidence) Choose(PageAnalysis analysis)
    {
        if (BlockModel.Default is not { } model || analysis.Blocks.Count == 0)
        {
            return (analysis.Classic, null);
        }
        var probabilities = analysis.Features.Select(row => model.Probability(row)).ToArray();
        var story = IsStory(analysis, probabilities, model.Threshold);
        var kept = new List<Output.ContentBlock>();
        var classicAttributions = analysis.Classic.Attributions.Select(a => a.Text).ToHashSet(StringComparer.Ordinal);
        double weighted = 0, chars = 0;
        for (var i = 0; i < analysis.Blocks.Count; i++)
        {
            var probability = probabilities[i];
            var block = analysis.Blocks[i];
            var length = block.Text.Length;
            if (probability >= model.Threshold)
            {
                // The headline is metadata (title), never part of the text the content hash is taken over.
                if (!analysis.IsHeadline(block) && !(story && analysis.IsFurniture(i)) && !classicAttributions.Contains(block.Text))
                {
                    kept.Add(block);
                }
                weighted += probability * length;
                chars += length;
            }
            else
            {
                weighted += (1 - probability) * length;
                chars += length;
            }
        }
        var confidence = chars == 0 ? 0 : weighted / chars;
        var scored = ArticleAssembler.Assemble(kept, dropFurnitureLines: false);
        if (scored.Text.Length == 0)
        {
            return (analysis.Classic, confidence);
        }
        // Attribution lines are lineage evidence: the classic reading finds them at the story's edges.
        var attributions = analysis.Classic.Attributions.Concat(scored.Attributions).DistinctBy(a => a.Text).ToList();
        return (scored with { Attributions = attributions, VisibleByline = analysis.Classic.VisibleByline }, confidence);
    }

    // A page the classic reading reads as one story (it holds most of what the scorer keeps): there the archive's
    // rules for stories apply on top of the scorer — captions, credits, promos and teaser cards are never text.
    private static bool IsStory(PageAnalysis analysis, double[] probabilities, double threshold)
    {
        double scored = 0, shared = 0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            if (probabilities[i] >= threshold)
            {
                var length = analysis.Blocks[i].Text.Length;
                scored += length;
                if (analysis.Features[i][InClassic] > 0)
                {
                    shared += length;
                }
            }
        }
        return scored > 0 && shared / scored >= StoryShare;
    }

    private const double StoryShare = 0.5;

    private static readonly int InClassic = BlockFeatures.Names.ToList().IndexOf("in_classic");

    // Neither reading found a story: the publisher's own JSON-LD text, else the largest block of prose on the page,
    // rather than storing an article with no text.
    private static AssembledArticle Fallback(ParsedPage page, PageAnalysis analysis)
    {
        if (JsonLdReader.Read(page.JsonLd)?.Body is { } body)
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

    private static ExtractedArticle Finish(string text, string html, ArticleMetadata metadata, IReadOnlyList<Attribution> attributions,
        IReadOnlyList<ArticleLink> links, double? confidence) =>
        new(text, html, metadata, attributions, links)
        {
            Confidence = confidence is null ? null : Math.Round(confidence.Value, 3),
            Warnings = ExtractionWarnings.For(text),
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
