using System.Net;
using System.Text;

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
        var text = string.Join("\n\n", kept.Select(b => b.Text));
        var links = kept.SelectMany(b => b.Links).Where(l => !l.Url.StartsWith("mailto:", StringComparison.Ordinal)).ToList();
        return new AssembledArticle(text, WriteHtml(kept), attributions, links, byline, kept);
    }

    private static string WriteHtml(List<ContentBlock> blocks)
    {
        var html = new StringBuilder();
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
        return html.ToString();
    }

    private static bool LeadsOffSite(string url, string? site) =>
        Uri.TryCreate(url, UriKind.Absolute, out var target) && target.Scheme is "http" or "https"
        && Urls.RegistrableDomain.Of(target) is { } domain && domain != site;

    private static string ListTag(AngleSharp.Dom.IElement list) => list.LocalName == "ol" ? "ol" : "ul";

    internal static string Encode(string value) => WebUtility.HtmlEncode(value);
}

/// <summary>The outputs of the build stage, plus a byline line found in the text (kept out of it).</summary>
internal sealed record AssembledArticle(
    string Text, string Html, List<Attribution> Attributions, List<ArticleLink> Links, string? VisibleByline, List<ContentBlock> Kept);
