using AngleSharp.Html.Dom;

namespace Archive.Engine.Extraction.Metadata;

/// <summary>The page's &lt;meta&gt; tags keyed by lower-cased property, name, itemprop or http-equiv; the first one wins.</summary>
internal sealed class MetaTags
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public string? this[string key] => _values.TryGetValue(key, out var value) ? value : null;

    public static MetaTags Read(IHtmlDocument document)
    {
        var tags = new MetaTags();
        foreach (var meta in document.QuerySelectorAll("meta[content]"))
        {
            var content = meta.GetAttribute("content");
            if (string.IsNullOrWhiteSpace(content))
            {
                continue;
            }
            foreach (var attribute in (ReadOnlySpan<string>)["property", "name", "itemprop", "http-equiv"])
            {
                var key = meta.GetAttribute(attribute);
                if (!string.IsNullOrWhiteSpace(key))
                {
                    tags._values.TryAdd(key.Trim().ToLowerInvariant(), content.Trim());
                }
            }
        }
        return tags;
    }
}
