using System.Net;
using System.Text;

namespace Archive.Api.Tests.Lineage;

/// <summary>
/// Synthetic stories and the pages that carry them: an origin page and republications of it on other sites' templates.
/// Each story's text is drawn from a seeded generator, so two stories share no more than chance phrases.
/// </summary>
internal sealed class Story
{
    private static readonly string[] Words =
    [
        "council", "minister", "harbour", "budget", "railway", "festival", "drought", "province", "senate", "grain", "tariff",
        "museum", "coastal", "ferry", "union", "strike", "election", "reservoir", "bridge", "school", "hospital", "license",
        "mining", "copper", "export", "import", "treaty", "embassy", "envoy", "summit", "village", "farmers", "fishermen",
        "inspectors", "auditors", "report", "inquiry", "tender", "contract", "pipeline", "refinery", "storm", "flood", "river",
        "mayor", "governor", "judge", "court", "appeal", "ruling", "protest", "march", "police", "station", "airport", "runway",
        "tourism", "hotel", "market", "prices", "wages", "pension", "reform", "vote", "ballot", "campaign", "donor", "charity",
        "vaccine", "clinic", "nurses", "teachers", "students", "library", "archive", "printing", "newspaper", "broadcast",
        "quietly", "sharply", "narrowly", "publicly", "reportedly", "formally", "briefly", "largely", "nearly", "openly",
        "approved", "rejected", "delayed", "announced", "denied", "confirmed", "questioned", "praised", "criticised", "signed",
        "northern", "southern", "eastern", "western", "regional", "national", "municipal", "rural", "urban", "historic",
    ];

    public Story(int seed, string title, int paragraphs = 8)
    {
        var random = new Random(seed);
        Title = title;
        Paragraphs = [.. Enumerable.Range(0, paragraphs).Select(_ => Paragraph(random))];
    }

    public string Title { get; }

    public IReadOnlyList<string> Paragraphs { get; }

    private static string Paragraph(Random random)
    {
        var text = new StringBuilder();
        for (var s = 0; s < 4; s++)
        {
            var words = Enumerable.Range(0, random.Next(12, 20)).Select(_ => Words[random.Next(Words.Length)]).ToList();
            words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
            text.Append(string.Join(' ', words)).Append(". ");
        }
        return text.ToString().Trim();
    }
}

/// <summary>A page of one outlet: its own navigation and footer around an article.</summary>
internal sealed record Outlet(string Name, string Domain)
{
    public string Url(string slug) => $"https://www.{Domain}/news/{slug}";

    public string Page(string title, IEnumerable<string> paragraphs, DateTimeOffset published, string? before = null, string? after = null,
        string? head = null) =>
        $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)} | {Name}</title>
        <meta property="og:site_name" content="{Name}">
        <meta property="article:published_time" content="{published:yyyy-MM-ddTHH:mm:sszzz}">
        {head}
        </head><body>
        <header><nav><a href="/">{Name}</a> <a href="/politics">Politics</a> <a href="/business">Business</a> <a href="/sport">Sport</a></nav></header>
        <main><article><h1>{WebUtility.HtmlEncode(title)}</h1>
        {before}
        {string.Join("\n", paragraphs.Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>"))}
        {after}
        </article></main>
        <aside><h3>Newsletter</h3><p>Get the {Name} briefing in your inbox every morning.</p></aside>
        <footer><p>&copy; 2024 {Name}. All rights reserved.</p><a href="/privacy">Privacy</a> <a href="/contact">Contact us</a></footer>
        </body></html>
        """;
}
