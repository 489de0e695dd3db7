using System.Net;
using System.Text;
using AngleSharp.Dom;
using Archive.Engine.Extraction.Content;

namespace Archive.Engine.Extraction.Output;

/// <summary>Tells data tables from layout tables and writes a data table as one block, one row per line.</summary>
internal static class TableWriter
{
    public static bool IsDataTable(IElement table, DocumentStatistics stats)
    {
        if (table.Attribute("role") is "presentation" or "none" || table.QuerySelector("table") is not null)
        {
            return false;
        }
        foreach (var cell in table.QuerySelectorAll("td"))
        {
            // Layout tables hold whole articles in a cell.
            if (stats[cell].Prose > 400 || cell.QuerySelector("p, div > div, ul") is not null && stats[cell].Text > 300)
            {
                return false;
            }
        }
        return true;
    }

    public static ContentBlock Write(IElement table, LinkResolver links, IElement? quote)
    {
        var text = new StringBuilder();
        var html = new StringBuilder("<table>");
        var found = new List<ArticleLink>();
        foreach (var row in table.QuerySelectorAll("tr"))
        {
            var cells = row.Children.Where(c => c.LocalName is "td" or "th").ToList();
            if (cells.Count == 0)
            {
                continue;
            }
            html.Append("<tr>");
            var line = new List<string>();
            foreach (var cell in cells)
            {
                var cellText = BlockCollector.Normalize(cell.TextContent);
                line.Add(cellText);
                html.Append('<').Append(cell.LocalName).Append('>').Append(WebUtility.HtmlEncode(cellText));
                foreach (var anchor in cell.QuerySelectorAll("a"))
                {
                    if (links.Resolve(anchor.Attribute("href")) is { } href)
                    {
                        found.Add(new ArticleLink(href, BlockCollector.Normalize(anchor.TextContent)));
                    }
                }
                html.Append("</").Append(cell.LocalName).Append('>');
            }
            html.Append("</tr>");
            var joined = string.Join(" | ", line.Where(c => c.Length > 0));
            if (joined.Length > 0)
            {
                if (text.Length > 0)
                {
                    text.Append('\n');
                }
                text.Append(joined);
            }
        }
        html.Append("</table>");
        return new ContentBlock(BlockKind.Table, text.ToString(), html.ToString(), 0, table, false, quote, found);
    }
}
