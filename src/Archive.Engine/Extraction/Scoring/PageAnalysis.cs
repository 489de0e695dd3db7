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
    /// <summary>Each block's length in characters, as <see cref="BlockSelection"/> weighs it.</summary>
    public int[] Lengths { get; } = Blocks.Select(b => b.Text.Length).ToArray();

    /// <summary>What the archive's rules say about each block (<see cref="BlockRole"/>).</summary>
    public BlockRole[] Roles { get; } = new BlockRole[Blocks.Count];

    /// <summary>
    /// What the archive never keeps as article text, whatever the scorer says: photo captions and credits (an image
    /// box, or a line in the shape of a credit, promo, byline or dateline), link lists, teaser cards and short
    /// paragraphs that are mostly a link (a promo such as "Our site in English"; list items of links may be sources).
    /// </summary>
    private bool IsFurniture(int block) =>
        Features[block][MediaBoxFeature] > 0 || Blocks[block].InLinkFarm
        || Blocks[block].LinkHeavy && Blocks[block].Kind == BlockKind.Paragraph
        || Blocks[block].Kind != BlockKind.Table && Features[block][FurnitureLineFeature] > 0;

    private static readonly int MediaBoxFeature = BlockFeatures.Names.ToList().IndexOf("in_media_box");
    private static readonly int FurnitureLineFeature = BlockFeatures.Names.ToList().IndexOf("furniture_line");
    private static readonly int IsTitleFeature = BlockFeatures.Names.ToList().IndexOf("is_title");
    private static readonly int InClassicFeature = BlockFeatures.Names.ToList().IndexOf("in_classic");

    private void ReadRoles()
    {
        var attributions = Classic.Attributions.Select(a => a.Text).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < Blocks.Count; i++)
        {
            Roles[i] = (IsHeadline(i) ? BlockRole.Headline : BlockRole.None)
                | (IsFurniture(i) ? BlockRole.StoryFurniture : BlockRole.None)
                | (attributions.Contains(Blocks[i].Text) ? BlockRole.Attribution : BlockRole.None)
                | (Features[i][InClassicFeature] > 0 ? BlockRole.InClassic : BlockRole.None);
        }
    }

    /// <summary>
    /// A top-level heading or the page title repeated: the headline, which the metadata already holds. The block's
    /// is_title feature is that comparison with this <see cref="Title"/>, made once.
    /// </summary>
    private bool IsHeadline(int block) =>
        Blocks[block].Kind == BlockKind.Heading && Blocks[block].Level == 1 || Features[block][IsTitleFeature] > 0;

    /// <param name="pageUrl">The page's address: the classic reading keeps an all-link credit line leading off its site apart.</param>
    public static PageAnalysis Analyze(ParsedPage page, string? title, LinkResolver links, Uri? pageUrl = null)
    {
        var document = page.Document;
        var body = document.Body!;
        var mediaBoxes = DocumentCleaner.MediaBoxes(body);
        var controls = Controls.Count(body);
        var whole = DocumentStatistics.Compute(body, page.Elements);
        DocumentCleaner.RemoveStructure(body, keepSections: true, whole);
        var stats = DocumentStatistics.Compute(body, whole);
        var picked = ContentPicker.Pick(body, stats);
        var blocks = new BlockCollector(stats, links, title, keepAll: true).Collect([body]);

        // The classic reading removes elements, so the features that need the full tree are read first.
        var mediaSet = new HashSet<IElement>(mediaBoxes, ReferenceEqualityComparer.Instance);
        var pickedSet = new HashSet<IElement>(picked.Roots, ReferenceEqualityComparer.Instance);
        var classicKept = new HashSet<(IElement?, string)>();
        var context = new PageContext(body, stats, pickedSet, mediaSet, classicKept, page.JsonLd,
            title is null ? null : BlockCollector.Normalize(title),
            document.QuerySelector("meta[property='og:type']")?.Attribute("content")?.Contains("article", StringComparison.OrdinalIgnoreCase) == true,
            controls);
        var ownFirst = BlockFeatures.Compute(blocks, context);

        DocumentCleaner.RemoveAll(mediaBoxes);
        // The statistics from before the media boxes went are close enough to spare the element that holds the page.
        DocumentCleaner.RemoveStructure(body, keepSections: false, stats);
        // The whole page's first count is spent once the second is made: the furniture pass and the classic pick count
        // into its table in turn, each after the one before is done with it.
        DocumentCleaner.RemoveFurniture(document, stats, spent: whole);
        var classicPick = ContentPicker.Pick(body, whole.Recount(body));
        var classicBlocks = new BlockCollector(classicPick.Statistics, links, title).Collect(classicPick.Roots);
        var classic = ArticleAssembler.Assemble(classicBlocks, page: pageUrl);
        foreach (var block in classic.Kept)
        {
            classicKept.Add((block.Element, block.Text));
        }
        BlockFeatures.AddClassic(blocks, ownFirst, context);
        var analysis = new PageAnalysis(blocks, ownFirst, classic, context.Title);
        analysis.ReadRoles();
        return analysis;
    }
}
