using System.Globalization;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Archive.Engine.Extraction;

namespace Archive.Bench.Lineage;

/// <summary>
/// A crude stand-in for the engine's ArticleExtractor while it is being built on another branch: the element holding
/// the most paragraph text is the article; metadata from the usual meta tags and JSON-LD. Same signature, so the
/// harness switches to the real extractor by changing one line.
/// </summary>
internal sealed class FallbackExtractor
{
    private readonly HtmlParser _parser = new();

    public ExtractedArticle Extract(string html, Uri? pageUrl)
    {
        var document = _parser.ParseDocument(html);
        var metadata = ReadMetadata(document);
        foreach (var junk in document.QuerySelectorAll("script,style,noscript,nav,footer,aside,header,form").ToList())
        {
            junk.Remove();
        }
        var scores = new Dictionary<IElement, int>();
        foreach (var element in document.Body?.Descendants<IElement>() ?? [])
        {
            // Text directly inside an element counts for it; a paragraph's text counts for the paragraph's parent.
            var own = element.ChildNodes.OfType<IText>().Sum(t => t.Data.Trim().Length);
            if (own > 0)
            {
                scores[element] = scores.GetValueOrDefault(element) + own;
            }
            if (element.LocalName == "p" && element.ParentElement is { } parent)
            {
                scores[parent] = scores.GetValueOrDefault(parent) + element.TextContent.Trim().Length;
            }
        }
        var best = scores.OrderByDescending(s => s.Value).Select(s => s.Key).FirstOrDefault();
        if (best is null)
        {
            return new ExtractedArticle("", "", metadata, [], []);
        }
        var paragraphs = new List<string>();
        var current = new System.Text.StringBuilder();
        Walk(best, paragraphs, current);
        Flush(paragraphs, current);
        var links = best.QuerySelectorAll("a[href]")
            .Select(a => (Href: a.GetAttribute("href")!, a.TextContent))
            .Where(a => pageUrl is not null && Uri.TryCreate(pageUrl, a.Href, out _))
            .Select(a => new ArticleLink(new Uri(pageUrl!, a.Href).AbsoluteUri, a.TextContent.Trim()))
            .ToList();
        return new ExtractedArticle(string.Join("\n\n", paragraphs), "", metadata, [], links);
    }

    private static readonly HashSet<string> Blocks = ["p", "div", "br", "h1", "h2", "h3", "h4", "li", "ul", "ol", "blockquote", "section", "article", "figure", "table", "tr"];

    private static void Walk(INode node, List<string> paragraphs, System.Text.StringBuilder current)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText text)
            {
                current.Append(text.Data);
            }
            else if (child is IElement element)
            {
                var block = Blocks.Contains(element.LocalName);
                if (block)
                {
                    Flush(paragraphs, current);
                }
                Walk(element, paragraphs, current);
                if (block)
                {
                    Flush(paragraphs, current);
                }
            }
        }
    }

    private static void Flush(List<string> paragraphs, System.Text.StringBuilder current)
    {
        var text = string.Join(' ', current.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length > 0)
        {
            paragraphs.Add(text);
        }
        current.Clear();
    }

    private static ArticleMetadata ReadMetadata(IDocument document)
    {
        string? Meta(string key) => document.QuerySelector($"meta[property='{key}'],meta[name='{key}']")?.GetAttribute("content");
        string? publisher = null;
        string? published = Meta("article:published_time") ?? document.QuerySelector("[itemprop='datePublished'][content]")?.GetAttribute("content");
        var basedOn = new List<string>();
        foreach (var script in document.QuerySelectorAll("script[type='application/ld+json']"))
        {
            try
            {
                using var json = JsonDocument.Parse(script.TextContent);
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }
                if (root.TryGetProperty("publisher", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("name", out var n))
                {
                    publisher ??= n.GetString();
                }
                if (root.TryGetProperty("datePublished", out var d))
                {
                    published ??= d.GetString();
                }
                if (root.TryGetProperty("isBasedOn", out var b) && b.ValueKind == JsonValueKind.String)
                {
                    basedOn.Add(b.GetString()!);
                }
            }
            catch (JsonException)
            {
            }
        }
        return new ArticleMetadata
        {
            SiteName = Meta("og:site_name"),
            PublisherName = publisher,
            CanonicalUrl = document.QuerySelector("link[rel='canonical']")?.GetAttribute("href"),
            PublishedRaw = published,
            PublishedAt = DateTimeOffset.TryParse(published, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null,
            IsBasedOn = basedOn,
        };
    }
}
