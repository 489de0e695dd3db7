using System.Text.Json;

namespace Archive.Engine.Extraction.Metadata;

/// <summary>
/// Finds the article object among a page's JSON-LD blocks (top-level objects, arrays and <c>@graph</c>), preferring
/// NewsArticle-like types over generic WebPage. Broken JSON is skipped, never thrown: it is common (19 of the 723 scripts
/// on the load bench's 972 pages: 8 with a raw line break in a string, 2 empty, the rest missing or extra commas and
/// quotes), and what can be told without the parser's exception is (<see cref="CannotParse"/>).
/// </summary>
internal static class JsonLdReader
{
    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 64,
    };

    // Where a string's scan stops: its end, an escape, or a control character (which JSON never allows raw in a string).
    private static readonly System.Buffers.SearchValues<char> StringStops = System.Buffers.SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    /// <summary>
    /// What the page's JSON-LD says, read in one pass: each script is parsed once per page (<see cref="ParsedPage.JsonLdFindings"/>)
    /// for the metadata, the product description and the fallback text, where each used to parse all of them again.
    /// </summary>
    public static JsonLdFindings Scan(IEnumerable<string> scripts)
    {
        JsonLdArticle? best = null;
        var bestRank = int.MaxValue;
        // The first publishing organisation's name, read while its document is alive (see Roots).
        var organizationSeen = false;
        string? organizationName = null;
        string? productDescription = null;
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
                if (productDescription is null && Types(node).Any(type => type is "Product" or "ProductGroup"))
                {
                    productDescription = JsonLdArticle.Text(node, "description");
                }
            }
        }
        if (best is not null && best.Publisher is null && organizationSeen)
        {
            best = best with { Publisher = organizationName };
        }
        return new JsonLdFindings(best, productDescription);
    }

    /// <summary>
    /// The root of each script that parses; broken JSON is skipped. Each document goes back to the array pool when the
    /// caller moves to the next script or stops, so no element may be kept past its script.
    /// </summary>
    private static IEnumerable<JsonElement> Roots(IEnumerable<string> scripts)
    {
        foreach (var script in scripts)
        {
            var json = script.AsMemory().Trim().TrimEnd(';');
            if (CannotParse(json.Span))
            {
                continue;
            }
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json, Options);
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

    /// <summary>
    /// Whether <paramref name="json"/> is surely refused by the parser, told without the exception the parser would throw
    /// (a first-chance exception costs far more than the scan): nothing but white space, or a raw control character inside
    /// a string (a line break, most often, in a headline or description). The scan follows strings, escapes and comments as
    /// the parser reads them, so in a script the parser accepts it never sees a control character inside a string: it
    /// refuses nothing the parser would accept. Other broken JSON is still left to the parser.
    /// </summary>
    internal static bool CannotParse(ReadOnlySpan<char> json)
    {
        if (json.IsWhiteSpace())
        {
            return true;
        }
        var i = 0;
        while (i < json.Length)
        {
            var next = json[i..].IndexOfAny('"', '/');
            if (next < 0)
            {
                return false;
            }
            i += next;
            if (json[i] == '"')
            {
                // To the string's end, stopping at escapes (the escaped character is skipped) and control characters.
                i++;
                while (true)
                {
                    var stop = json[i..].IndexOfAny(StringStops);
                    if (stop < 0)
                    {
                        return false;
                    }
                    i += stop;
                    if (json[i] < ' ')
                    {
                        return true;
                    }
                    if (json[i] == '"')
                    {
                        i++;
                        break;
                    }
                    i += 2;
                    if (i >= json.Length)
                    {
                        return false;
                    }
                }
            }
            else if (i + 1 < json.Length && json[i + 1] == '/')
            {
                var end = json[i..].IndexOfAny('\n', '\r');
                i = end < 0 ? json.Length : i + end;
            }
            else if (i + 1 < json.Length && json[i + 1] == '*')
            {
                var end = json[(i + 2)..].IndexOf("*/", StringComparison.Ordinal);
                i = end < 0 ? json.Length : i + 2 + end + 2;
            }
            else
            {
                i++;
            }
        }
        return false;
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

/// <summary>What a page's JSON-LD gives the extractor: the article object (NewsArticle-like types first, then other
/// creative works, then web pages) and the <c>description</c> of the first Product (or ProductGroup) object that has one.</summary>
internal sealed record JsonLdFindings(JsonLdArticle? Article, string? ProductDescription);
