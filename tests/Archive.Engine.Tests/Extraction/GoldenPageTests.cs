using System.Text.Json;
using Archive.Engine.Decoding;
using Archive.Engine.Extraction;

namespace Archive.Engine.Tests.Extraction;

/// <summary>
/// One case per folder under Pages/: source.html is extracted with the page URL from expected.json and must give
/// expected.txt exactly, plus every metadata field expected.json names. A new extraction bug becomes a new folder.
/// </summary>
public sealed class GoldenPageTests
{
    private static readonly ArticleExtractor Extractor = new();

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "Pages")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(folder));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Page_extracts_to_expected_text_and_metadata(string page)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Pages", page);
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "expected.json")));
        var root = expected.RootElement;
        var pageUrl = root.TryGetProperty("pageUrl", out var url) ? new Uri(url.GetString()!) : null;
        var html = HtmlDecoder.Decode(File.ReadAllBytes(Path.Combine(folder, "source.html")), "text/html").Html;

        var article = Extractor.Extract(html, pageUrl);

        var expectedText = File.ReadAllText(Path.Combine(folder, "expected.txt")).ReplaceLineEndings("\n").TrimEnd('\n');
        Assert.Equal(expectedText, article.Text);
        foreach (var property in root.EnumerateObject())
        {
            AssertField(article, property);
        }
    }

    private static void AssertField(ExtractedArticle article, JsonProperty property)
    {
        var metadata = article.Metadata;
        switch (property.Name)
        {
            case "pageUrl":
                break;
            case "title":
                Assert.Equal(property.Value.GetString(), metadata.Title);
                break;
            case "byline":
                Assert.Equal(property.Value.GetString(), metadata.Byline);
                break;
            case "publishedAt":
                Assert.Equal(DateTimeOffset.Parse(property.Value.GetString()!, System.Globalization.CultureInfo.InvariantCulture), metadata.PublishedAt);
                break;
            case "language":
                Assert.Equal(property.Value.GetString(), metadata.Language);
                break;
            case "canonicalUrl":
                Assert.Equal(property.Value.GetString(), metadata.CanonicalUrl);
                break;
            case "siteName":
                Assert.Equal(property.Value.GetString(), metadata.SiteName);
                break;
            case "publisher":
                Assert.Equal(property.Value.GetString(), metadata.PublisherName);
                break;
            case "isBasedOn":
                Assert.Equal(property.Value.EnumerateArray().Select(v => v.GetString()!), metadata.IsBasedOn);
                break;
            case "attributions":
                var expected = property.Value.EnumerateArray()
                    .Select(a => (a.GetProperty("name").GetString(), a.GetProperty("url").GetString(), a.GetProperty("position").GetString()));
                Assert.Equal(expected, article.Attributions.Select(a => (a.Name, a.Url, (string?)a.Position.ToString())));
                break;
            default:
                Assert.Fail($"expected.json names an unknown field '{property.Name}'");
                break;
        }
    }
}
