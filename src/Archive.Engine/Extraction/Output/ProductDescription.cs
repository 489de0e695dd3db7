using System.Net;
using System.Text.RegularExpressions;
using Archive.Engine.Extraction.Metadata;

namespace Archive.Engine.Extraction.Output;

/// <summary>
/// A product page's description as its publisher states it in JSON-LD, for pages whose visible markup does not hold it
/// (shops that render the description with scripts): it belongs in the text, as the article body of a product.
/// </summary>
internal static partial class ProductDescription
{
    private const int MinChars = 80;
    private const double FoundShare = 0.5;

    /// <summary>The Product description of the page's JSON-LD (<paramref name="raw"/>, as <see cref="JsonLdFindings"/> gives
    /// it) as plain text, if it is long enough.</summary>
    public static string? Read(string? raw)
    {
        if (raw is null)
        {
            return null;
        }
        // Shops often put HTML inside the description string.
        var text = BlockCollector.Normalize(WebUtility.HtmlDecode(Tags().Replace(raw, " ")));
        return text.Length >= MinChars ? text : null;
    }

    /// <summary>Whether <paramref name="text"/> lacks the description: fewer than half its word trigrams appear there.</summary>
    public static bool IsMissingFrom(string text, string description)
    {
        var words = Words(description);
        if (words.Count < 3)
        {
            return false;
        }
        var have = Words(text);
        var trigrams = new HashSet<(string, string, string)>();
        for (var i = 0; i + 2 < have.Count; i++)
        {
            trigrams.Add((have[i], have[i + 1], have[i + 2]));
        }
        var found = 0;
        for (var i = 0; i + 2 < words.Count; i++)
        {
            found += trigrams.Contains((words[i], words[i + 1], words[i + 2])) ? 1 : 0;
        }
        return found < FoundShare * (words.Count - 2);
    }

    private static List<string> Words(string text) => Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();

    [GeneratedRegex(@"\w+")]
    private static partial Regex Word();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();
}
