using System.Net;
using Archive.Engine.Text;

namespace Archive.Engine.Extraction.Output;

/// <summary>
/// Stage "build outputs": sets attribution lines apart, drops furniture lines, and writes the remaining blocks as text
/// (paragraphs separated by a blank line) and as allow-listed HTML.
/// </summary>
internal static class ArticleAssembler
{
    // Attribution lines sit at the edges of a republished story; commentary may follow the closing one.
    private const int LeadingWindow = 2;
    private const int TrailingWindow = 5;

    /// <param name="dropFurnitureLines">False when a scorer already chose the blocks: then only attribution lines are set apart.</param>
    /// <param name="page">The page's address: a credit line must lead off its site.</param>
    public static AssembledArticle Assemble(IReadOnlyList<ContentBlock> blocks, bool dropFurnitureLines = true, Uri? page = null)
    {
        var site = page is null ? null : Urls.RegistrableDomain.Of(page);
        var kept = new List<ContentBlock>(blocks.Count);
        string? byline = null;
        var attributions = new List<Attribution>();
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            var atEdge = i < LeadingWindow || i >= blocks.Count - TrailingWindow;
            if (atEdge && AttributionFinder.TryRead(block, i >= blocks.Count - 3, out var found))
            {
                var position = kept.Count == 0 ? AttributionPosition.Before : AttributionPosition.After;
                attributions.Add(new Attribution(block.Text, found.Name, found.Url, position));
                continue;
            }
            if (dropFurnitureLines && (block.LinkHeavy || block.Kind != BlockKind.Table && LineClassifier.IsFurniture(block.Text)))
            {
                // A short line that is all link, at the top or bottom of the story, is how many republishers credit
                // their source in any language ("<a href=…>Publicado originalmente em …</a>"): kept apart as a possible
                // credit line for the lineage step, which accepts it only if the link leads to the story's source.
                if (atEdge && block.LinkHeavy && block.Kind == BlockKind.Paragraph && block.Links.Count > 0
                    && LeadsOffSite(block.Links[0].Url, site))
                {
                    var position = kept.Count == 0 ? AttributionPosition.Before : AttributionPosition.After;
                    attributions.Add(new Attribution(block.Text, null, block.Links[0].Url, position));
                    continue;
                }
                // A visible "By …" line is the byline when the markup named no author.
                byline ??= LineClassifier.IsByline(block.Text) ? LineClassifier.StripByline(block.Text) : null;
                continue;
            }
            kept.Add(block);
        }
        var links = kept.SelectMany(b => b.Links).Where(l => !l.Url.StartsWith("mailto:", StringComparison.Ordinal)).ToList();
        return new AssembledArticle(attributions, links, byline, kept);
    }

    internal static string WriteText(List<ContentBlock> blocks) => string.Join("\n\n", blocks.Select(b => b.Text));

    internal static string WriteHtml(List<ContentBlock> blocks)
    {
        // The blocks' markup and a few tags each: the builder is made (or taken) at the size it ends at.
        var length = 32;
        foreach (var block in blocks)
        {
            length += block.Html.Length + 24;
        }
        var html = BuilderCache.Acquire(length);
        AngleSharp.Dom.IElement? openList = null;
        AngleSharp.Dom.IElement? openQuote = null;
        foreach (var block in blocks)
        {
            var list = block.Kind == BlockKind.ListItem ? block.Group : null;
            if (openList is not null && list != openList)
            {
                html.Append(ListTag(openList) == "ol" ? "</ol>" : "</ul>");
                openList = null;
            }
            if (openQuote != block.Quote)
            {
                if (openQuote is not null)
                {
                    html.Append("</blockquote>");
                }
                if (block.Quote is not null)
                {
                    html.Append("<blockquote>");
                }
                openQuote = block.Quote;
            }
            if (list is not null && openList is null)
            {
                html.Append(block.Ordered ? "<ol>" : "<ul>");
                openList = list;
            }
            // Appended piece by piece: an interpolated string per block copied every block's markup once more.
            switch (block.Kind)
            {
                case BlockKind.Heading:
                    var level = Math.Max(2, block.Level);
                    html.Append("<h").Append(level).Append('>').Append(block.Html).Append("</h").Append(level).Append('>');
                    break;
                case BlockKind.ListItem:
                    html.Append("<li>").Append(block.Html).Append("</li>");
                    break;
                case BlockKind.Preformatted:
                    html.Append("<pre>").Append(block.Html).Append("</pre>");
                    break;
                case BlockKind.Table:
                    html.Append(block.Html);
                    break;
                default:
                    html.Append("<p>").Append(block.Html).Append("</p>");
                    break;
            }
        }
        if (openList is not null)
        {
            html.Append(ListTag(openList) == "ol" ? "</ol>" : "</ul>");
        }
        if (openQuote is not null)
        {
            html.Append("</blockquote>");
        }
        return BuilderCache.ToStringAndRelease(html);
    }

    private static bool LeadsOffSite(string url, string? site) =>
        Uri.TryCreate(url, UriKind.Absolute, out var target) && target.Scheme is "http" or "https"
        && Urls.RegistrableDomain.Of(target) is { } domain && domain != site;

    private static string ListTag(AngleSharp.Dom.IElement list) => list.LocalName == "ol" ? "ol" : "ul";

    internal static string Encode(string value) => WebUtility.HtmlEncode(value);
}

/// <summary>
/// The outputs of the build stage, plus a byline line found in the text (kept out of it). Text and HTML are written from
/// the kept blocks when first asked: a page is assembled two or three ways (the classic reading, the scorer's, a fallback)
/// and only the one chosen is written out; the others' text and markup were a tenth of what extraction allocated.
/// </summary>
internal sealed record AssembledArticle(
    List<Attribution> Attributions, List<ArticleLink> Links, string? VisibleByline, List<ContentBlock> Kept)
{
    private string? _text;
    private string? _html;

    /// <summary>The kept blocks' text, paragraphs separated by a blank line.</summary>
    public string Text => _text ??= ArticleAssembler.WriteText(Kept);

    /// <summary>The kept blocks as allow-listed HTML.</summary>
    public string Html => _html ??= ArticleAssembler.WriteHtml(Kept);
}
