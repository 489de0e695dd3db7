using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Archive.Bench.Reader;

/// <summary>
/// Real paragraphs to build articles from: the main content of the WCXB development pages and the Zyte benchmark's article
/// bodies (read from the shared data folder, never copied into the repository). Articles are random draws of them, so the
/// vocabulary, word frequencies and languages are those of real pages.
/// </summary>
internal sealed partial class TextPool
{
    private TextPool(List<string> paragraphs) => Paragraphs = paragraphs;

    public IReadOnlyList<string> Paragraphs { get; }

    public static TextPool Load(string dataFolder)
    {
        var paragraphs = new List<string>();
        using (var wcxb = new GZipStream(File.OpenRead(Path.Combine(dataFolder, "wcxb-dev", "ground-truth.json.gz")), CompressionMode.Decompress))
        {
            foreach (var page in JsonDocument.Parse(wcxb).RootElement.EnumerateObject())
            {
                Add(paragraphs, page.Value.TryGetProperty("mainContent", out var text) ? text.GetString() : null);
            }
        }
        using (var zyte = File.OpenRead(Path.Combine(dataFolder, "zyte", "ground-truth.json")))
        {
            foreach (var page in JsonDocument.Parse(zyte).RootElement.EnumerateObject())
            {
                Add(paragraphs, page.Value.TryGetProperty("articleBody", out var text) ? text.GetString() : null);
            }
        }
        return new TextPool(paragraphs);
    }

    /// <summary>A crude language guess from stop words, so the archive holds several languages as a real one does.</summary>
    public static string? GuessLanguage(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match word in Word().Matches(text.Length > 4000 ? text[..4000] : text))
        {
            if (StopWords.TryGetValue(word.Value.ToLowerInvariant(), out var language))
            {
                counts[language] = counts.GetValueOrDefault(language) + 1;
            }
        }
        return counts.Count == 0 ? null : counts.MaxBy(c => c.Value).Key;
    }

    public static IEnumerable<string> Words(string text) => Word().Matches(text).Select(m => m.Value.ToLowerInvariant());

    private static void Add(List<string> paragraphs, string? text)
    {
        foreach (var line in (text ?? "").Split('\n'))
        {
            var paragraph = line.Trim();
            if (paragraph.Length >= 60)
            {
                paragraphs.Add(paragraph);
            }
        }
    }

    private static readonly Dictionary<string, string> StopWords = new(StringComparer.Ordinal)
    {
        ["the"] = "en", ["and"] = "en", ["of"] = "en", ["with"] = "en", ["is"] = "en",
        ["der"] = "de", ["und"] = "de", ["nicht"] = "de", ["ist"] = "de", ["mit"] = "de",
        ["le"] = "fr", ["et"] = "fr", ["les"] = "fr", ["est"] = "fr", ["dans"] = "fr",
        ["el"] = "es", ["los"] = "es", ["que"] = "es", ["por"] = "es", ["una"] = "es",
        ["il"] = "it", ["che"] = "it", ["della"] = "it", ["sono"] = "it", ["gli"] = "it",
        ["het"] = "nl", ["een"] = "nl", ["niet"] = "nl", ["zijn"] = "nl", ["ook"] = "nl",
        ["não"] = "pt", ["uma"] = "pt", ["com"] = "pt", ["para"] = "pt", ["os"] = "pt",
    };

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();
}
