using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Archive.Engine.Extraction.Content;
using Archive.Engine.Extraction.Output;

namespace Archive.Engine.Extraction.Metadata;

/// <summary>
/// Everything the metadata stage reads from the markup, gathered in one walk over the document instead of one
/// selector query per field: meta tags, canonical link, first &lt;h1&gt;, microdata dates, first &lt;time&gt;, bylines.
/// </summary>
internal sealed class PageSignals
{
    private const int MaxBylines = 5;

    private readonly Dictionary<string, string> _meta = new(StringComparer.Ordinal);

    public string? this[string key] => _meta.TryGetValue(key, out var value) ? value : null;

    public string? Canonical { get; private set; }
    public string? FirstHeading { get; private set; }
    public string? ItemPublished { get; private set; }
    public string? ItemModified { get; private set; }
    public string? FirstTime { get; private set; }
    public string? BaseHref { get; private set; }
    public List<string> Bylines { get; } = [];

    public static PageSignals Read(IHtmlDocument document)
    {
        var signals = new PageSignals();
        if (document.DocumentElement is { } root)
        {
            signals.Visit(root);
        }
        return signals;
    }

    private void Visit(IElement element)
    {
        foreach (var child in element.ElementChildren())
        {
            Inspect(child);
            Visit(child);
        }
    }

    private void Inspect(IElement element)
    {
        switch (element.LocalName)
        {
            case "meta":
                ReadMeta(element);
                break;
            case "link" when Canonical is null && HasToken(element.Attribute("rel"), "canonical"):
                Canonical = element.Attribute("href");
                break;
            case "base" when BaseHref is null:
                BaseHref = element.Attribute("href");
                break;
            case "h1" when FirstHeading is null:
                FirstHeading = BlockCollector.Normalize(element.TextContent) is { Length: > 0 } heading ? heading : null;
                break;
            case "time" when FirstTime is null:
                FirstTime = element.Attribute("datetime");
                break;
        }
        var itemprop = element.Attribute("itemprop");
        if (itemprop is not null)
        {
            if (ItemPublished is null && HasToken(itemprop, "datePublished"))
            {
                ItemPublished = element.Attribute("content") ?? element.Attribute("datetime");
            }
            else if (ItemModified is null && HasToken(itemprop, "dateModified"))
            {
                ItemModified = element.Attribute("content") ?? element.Attribute("datetime");
            }
            else if (HasToken(itemprop, "author"))
            {
                AddByline(element);
            }
        }
        else if (HasToken(element.Attribute("rel"), "author") || IsBylineClass(element.Attribute("class")))
        {
            AddByline(element);
        }
    }

    private void ReadMeta(IElement meta)
    {
        var content = meta.Attribute("content");
        if (string.IsNullOrWhiteSpace(content))
        {
            return;
        }
        foreach (var attribute in (ReadOnlySpan<string>)["property", "name", "itemprop", "http-equiv"])
        {
            var key = meta.Attribute(attribute);
            if (!string.IsNullOrWhiteSpace(key))
            {
                _meta.TryAdd(key.Trim().ToLowerInvariant(), content.Trim());
            }
        }
    }

    private void AddByline(IElement element)
    {
        if (Bylines.Count >= MaxBylines)
        {
            return;
        }
        var text = element.Attribute("content") ?? (element.QuerySelector("[itemprop='name']") ?? element).TextContent;
        var name = BlockCollector.Normalize(text);
        if (name.StartsWith("By ", StringComparison.OrdinalIgnoreCase))
        {
            name = name[3..].Trim();
        }
        if (name.Length is > 1 and < 100 && !Bylines.Contains(name, StringComparer.Ordinal))
        {
            Bylines.Add(name);
        }
    }

    private static bool IsBylineClass(string? classes) =>
        classes is not null && (HasToken(classes, "byline") || HasToken(classes, "author")
            || classes.Contains("byline", StringComparison.OrdinalIgnoreCase));

    private static bool HasToken(string? list, string token)
    {
        if (list is null)
        {
            return false;
        }
        // Asked of every element's class attribute: split by ranges, not into strings.
        foreach (var part in list.AsSpan().Split(' '))
        {
            if (list.AsSpan(part).Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
