using AngleSharp.Dom;
using Archive.Engine.Extraction.Cleaning;
using Archive.Engine.Extraction.Content;
using Archive.Engine.Extraction.Output;

namespace Archive.Engine.Extraction.Scoring;

/// <summary>
/// One page read two ways over the same DOM. First every block of the lightly cleaned body (only what can never be
/// text is gone) with its features; then the classic reading — furniture removed by name, the story container
/// picked, furniture lines dropped — whose verdict becomes one more feature and the fallback.
/// </summary>
internal sealed record PageAnalysis(IReadOnlyList<ContentBlock> Blocks, float[][] Features, AssembledArticle Classic, string? Title)
{
    /// <summary>
    /// What the archive never keeps as article text, whatever the scorer says: photo captions and credits (an image
    /// box, or a line in the shape of a credit, promo, byline or dateline), link lists and teaser cards.
    /// </summary>
    public bool IsFurniture(int block) =>
        Features[block][MediaBoxFeature] > 0 || Blocks[block].InLinkFarm
        || Blocks[block].Kind != BlockKind.Table && LineClassifier.IsFurniture(Blocks[block].Text);

    private static readonly int MediaBoxFeature = BlockFeatures.Names.ToList().IndexOf("in_media_box");

    /// <summary>A top-level heading or the page title repeated: the headline, which the metadata already holds.</summary>
    public bool IsHeadline(ContentBlock block) =>
        block.Kind == BlockKind.Heading && block.Level == 1
        || Title is not null && string.Equals(BlockCollector.Normalize(block.Text), Title, StringComparison.OrdinalIgnoreCase);

    /// <param name="pageUrl">The page's address: the classic reading keeps an all-link credit line leading off its site apart.</param>
    public static PageAnalysis Analyze(ParsedPage page, string? title, LinkResolver links, Uri? pageUrl = null)
    {
        var document = page.Document;
        var body = document.Body!;
        var mediaBoxes = DocumentCleaner.MediaBoxes(body);
        DocumentCleaner.RemoveStructure(body, keepSections: true);
        var stats = DocumentStatistics.Compute(body);
        var picked = ContentPicker.Pick(body, stats);
        var blocks = new BlockCollector(stats, links, title, keepAll: true).Collect([body]);

        // The classic reading removes elements, so the features that need the full tree are read first.
        var mediaSet = new HashSet<IElement>(mediaBoxes, ReferenceEqualityComparer.Instance);
        var pickedSet = new HashSet<IElement>(picked.Roots, ReferenceEqualityComparer.Instance);
        var classicKept = new HashSet<(IElement?, string)>();
        var context = new PageContext(body, stats, pickedSet, mediaSet, classicKept, page.JsonLd,
            title is null ? null : BlockCollector.Normalize(title),
            document.QuerySelector("meta[property='og:type']")?.GetAttribute("content")?.Contains("article", StringComparison.OrdinalIgnoreCase) == true);
        var ownFirst = BlockFeatures.Compute(blocks, context);

        DocumentCleaner.RemoveAll(mediaBoxes);
        DocumentCleaner.RemoveStructure(body, keepSections: false);
        DocumentCleaner.RemoveFurniture(document);
        var classicPick = ContentPicker.Pick(body);
        var classicBlocks = new BlockCollector(classicPick.Statistics, links, title).Collect(classicPick.Roots);
        var classic = ArticleAssembler.Assemble(classicBlocks, page: pageUrl);
        foreach (var block in classic.Kept)
        {
            classicKept.Add((block.Element, block.Text));
        }
        BlockFeatures.AddClassic(blocks, ownFirst, context);
        return new PageAnalysis(blocks, ownFirst, classic, context.Title);
    }
}
