using System.Text.Json;

namespace Archive.Engine.Extraction.Metadata;

/// <summary>The fields the extractor reads from a JSON-LD article object.</summary>
internal sealed record JsonLdArticle(
    string? Headline,
    IReadOnlyList<string> Authors,
    string? DatePublished,
    string? DateModified,
    string? Language,
    string? Url,
    string? Publisher,
    string? Description,
    IReadOnlyList<string> IsBasedOn)
{
    /// <summary>The article's full text as the publisher gave it (<c>articleBody</c>, or <c>text</c> of a post), if any.</summary>
    public string? Body { get; init; }

    public static JsonLdArticle From(JsonElement node) => new(
        Text(node, "headline") ?? Text(node, "name"),
        Names(node, "author"),
        Text(node, "datePublished") ?? Text(node, "dateCreated") ?? Text(node, "uploadDate"),
        Text(node, "dateModified"),
        Text(node, "inLanguage") ?? Text(node, "language"),
        Reference(node, "mainEntityOfPage") ?? Text(node, "url") ?? Text(node, "@id"),
        FirstOf(Names(node, "publisher")) ?? FirstOf(Names(node, "sourceOrganization")),
        Text(node, "description"),
        [.. References(node, "isBasedOn"), .. References(node, "isBasedOnUrl")])
    {
        Body = Text(node, "articleBody") ?? Text(node, "text"),
    };

    /// <summary>A string property, or the string inside a one-element array or a <c>{"@value"}</c> object.</summary>
    public static string? Text(JsonElement node, string property)
    {
        if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(property, out var value))
        {
            return null;
        }
        return AsText(value);
    }

    private static string? AsText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => NullIfBlank(value.GetString()),
        JsonValueKind.Array => value.EnumerateArray().Select(AsText).FirstOrDefault(v => v is not null),
        JsonValueKind.Object => value.TryGetProperty("@value", out var inner) ? AsText(inner)
            : value.TryGetProperty("name", out var name) ? AsText(name) : null,
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    private static List<string> Names(JsonElement node, string property)
    {
        if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(property, out var value))
        {
            return [];
        }
        var items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
        var names = new List<string>();
        foreach (var item in items)
        {
            var name = item.ValueKind == JsonValueKind.String ? NullIfBlank(item.GetString()) : Text(item, "name");
            if (name is not null && !names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }
        return names;
    }

    private static string? Reference(JsonElement node, string property)
    {
        if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(property, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => NullIfBlank(value.GetString()),
            JsonValueKind.Object => Text(value, "@id") ?? Text(value, "url"),
            _ => null,
        };
    }

    private static IEnumerable<string> References(JsonElement node, string property)
    {
        if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(property, out var value))
        {
            yield break;
        }
        var items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
        foreach (var item in items)
        {
            var reference = item.ValueKind switch
            {
                JsonValueKind.String => NullIfBlank(item.GetString()),
                JsonValueKind.Object => Text(item, "url") ?? Text(item, "@id") ?? Text(item, "sameAs"),
                _ => null,
            };
            if (reference is not null)
            {
                yield return reference;
            }
        }
    }

    private static string? FirstOf(List<string> values) => values.Count > 0 ? values[0] : null;

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
