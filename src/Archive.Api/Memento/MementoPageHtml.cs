using System.Text;
using System.Text.Encodings.Web;
using Archive.Data.Stores;

namespace Archive.Api.Memento;

/// <summary>The HTML of a memento, every byte of markup written here and every captured string encoded.</summary>
internal static class MementoPageHtml
{
    public static string Render(MementoPage page, MementoLinks links)
    {
        var e = HtmlEncoder.Default;
        var html = new StringBuilder(page.Text.Length + 2048);
        html.Append("<!doctype html><html").Append(page.Language is { } lang ? $" lang=\"{e.Encode(lang)}\"" : "").Append("><head><meta charset=\"utf-8\">")
            .Append("<title>").Append(e.Encode(page.Title ?? page.ArticleUrl)).Append("</title>")
            .Append("<style>body{font:18px/1.5 Georgia,serif;max-width:42em;margin:2em auto;padding:0 1em}")
            .Append(".archive{font:14px/1.4 sans-serif;background:#f3f1ea;border:1px solid #d8d3c4;padding:.6em 1em;margin-bottom:2em}</style></head><body>")
            .Append("<div class=\"archive\">Archived ").Append(e.Encode(MementoLinks.Http(page.CapturedAt)))
            .Append(" from <a href=\"").Append(e.Encode(page.FinalUrl)).Append("\" rel=\"noreferrer\">").Append(e.Encode(page.FinalUrl)).Append("</a>")
            .Append(" · <a href=\"").Append(e.Encode(links.LinkTimeMapUri)).Append("\">all captures</a>")
            .Append(" · content hash <code>sha256:").Append(e.Encode(page.ContentHash)).Append("</code></div>")
            .Append("<article><h1>").Append(e.Encode(page.Title ?? "")).Append("</h1>");
        if (page.Byline is not null || page.PublisherName is not null)
        {
            html.Append("<p><em>").Append(e.Encode(string.Join(" · ", new[] { page.Byline, page.PublisherName, page.PublishedAt?.ToString("yyyy-MM-dd") }
                .Where(s => !string.IsNullOrEmpty(s))))).Append("</em></p>");
        }
        foreach (var paragraph in page.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append("<p>").Append(e.Encode(paragraph)).Append("</p>");
        }
        return html.Append("</article></body></html>").ToString();
    }
}
