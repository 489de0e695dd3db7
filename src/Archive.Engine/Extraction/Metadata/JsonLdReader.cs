using System.Text.Json;

namespace Archive.Engine.Extraction.Metadata;

/// <summary>
/// Finds the article object among a page's JSON-LD blocks (top-level objects, arrays and <c>@graph</c>), preferring
/// NewsArticle-like types over generic WebPage. Broken JSON is skipped, never thrown.
/// </summary>
internal static class JsonLdReader
{
    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 64,
    };

    public static JsonLdArticle? Read(IEnumerable<string> scripts)
    {
        JsonLdArticle? best = null;
        var bestRank = int.MaxValue;
        // The first publishing organisation's name, read while its document is alive (see Roots).
        var organizationSeen = false;
        string? organizationName = null;
        foreach (var root in Roots(scripts))
        {
            foreach (var node in Flatten(root))
            {
                var rank = Rank(node);
                if (rank == 3 && !organizationSeen)
                {
                    organizationSeen = true;
                    organizationName = JsonLdArticle.Text(node, "name");
                }
                if (rank < bestRank && rank < 3)
                {
                    bestRank = rank;
                    best = JsonLdArticle.From(node);
                }
            }
        }
        if (best is not null && best.Publisher is null && organizationSeen)
        {
            best = best with { Publisher = organizationName };
        }
        return best;
    }

    /// <summary>The <c>description</c> of the first Product (or ProductGroup) object, if any.</summary>
    public static string? ProductDescription(IEnumerable<string> scripts)
    {
        foreach (var root in Roots(scripts))
        {
            foreach (var node in Flatten(root))
            {
                if (Types(node).Any(type => type is "Product" or "ProductGroup") && JsonLdArticle.Text(node, "description") is { } description)
                {
                    return description;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// The root of each script that parses; broken JSON is skipped. Each document goes back to the array pool when the
    /// caller moves to the next script or stops, so no element may be kept past its script.
    /// </summary>
    private static IEnumerable<JsonElement> Roots(IEnumerable<string> scripts)
    {
        foreach (var script in scripts)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(script.Trim().TrimEnd(';'), Options);
            }
            catch (JsonException)
            {
                continue;
            }
            using (document)
            {
                yield return document.RootElement;
            }
        }
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var inner in Flatten(item))
                {
                    yield return inner;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            yield return element;
            if (element.TryGetProperty("@graph", out var graph))
            {
                foreach (var inner in Flatten(graph))
                {
                    yield return inner;
                }
            }
            if (element.TryGetProperty("mainEntity", out var main) && main.ValueKind == JsonValueKind.Object)
            {
                yield return main;
            }
        }
    }

    // 0: a news/article type, 1: other creative works, 2: a web page, 3: the publishing organisation, else ignored.
    private static int Rank(JsonElement node)
    {
        var best = int.MaxValue;
        foreach (var type in Types(node))
        {
            var rank = type switch
            {
                _ when type.EndsWith("Article", StringComparison.OrdinalIgnoreCase) => 0,
                "BlogPosting" or "LiveBlogPosting" or "SocialMediaPosting" or "Report" or "AnalysisNewsArticle" => 0,
                "CreativeWork" or "Review" or "Recipe" or "HowTo" or "VideoObject" => 1,
                "WebPage" or "ItemPage" => 2,
                "Organization" or "NewsMediaOrganization" or "WebSite" => 3,
                _ => int.MaxValue,
            };
            best = Math.Min(best, rank);
        }
        return best;
    }

    private static IEnumerable<string> Types(JsonElement node)
    {
        if (!node.TryGetProperty("@type", out var type))
        {
            yield break;
        }
        if (type.ValueKind == JsonValueKind.String)
        {
            yield return type.GetString()!;
        }
        else if (type.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in type.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    yield return item.GetString()!;
                }
            }
        }
    }
}
