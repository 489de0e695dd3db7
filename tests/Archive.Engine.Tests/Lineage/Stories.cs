using Archive.Engine.Extraction;
using Archive.Engine.Lineage;

namespace Archive.Engine.Tests.Lineage;

/// <summary>Synthetic news articles of realistic length for lineage tests: deterministic paragraphs of varied words,
/// so two stories share no running text unless a test puts it there.</summary>
internal static class Stories
{
    private static readonly string[] Words =
    [
        "minister", "council", "harbour", "budget", "river", "farmers", "election", "court", "village", "bridge", "police",
        "teachers", "hospital", "storm", "railway", "market", "festival", "museum", "factory", "drought", "mayor", "senate",
        "protest", "contract", "airport", "vaccine", "league", "coach", "season", "tariff", "export", "wheat", "coffee",
        "copper", "pipeline", "refinery", "coastline", "islanders", "fishermen", "inspectors", "auditors", "judges",
        "witnesses", "volunteers", "engineers", "residents", "students", "nurses", "pilots", "drivers", "said", "told",
        "reported", "announced", "warned", "approved", "rejected", "delayed", "expanded", "reduced", "funded", "opened",
        "closed", "repaired", "measured", "tested", "signed", "planned", "questioned", "defended", "after", "before",
        "during", "despite", "because", "while", "although", "since", "until", "near", "across", "under", "over",
        "northern", "southern", "eastern", "western", "coastal", "rural", "urban", "regional", "national", "local",
        "annual", "monthly", "weekly", "early", "late", "new", "old", "large", "small", "public", "private", "several",
        "three", "four", "seven", "twelve", "hundred", "thousand", "million", "percent", "dollars", "tonnes", "kilometres",
        "Tuesday", "Friday", "March", "October", "spring", "winter", "morning", "evening", "the", "a", "of", "in", "on",
        "and", "to", "with", "for", "by", "from", "at", "its", "their", "this", "that", "was", "were", "had", "would",
    ];

    /// <summary>A story of <paramref name="paragraphs"/> paragraphs, each of three sentences, about 45 words each.</summary>
    public static string Article(int seed, int paragraphs = 10)
    {
        var random = new Random(seed);
        return string.Join('\n', Enumerable.Range(0, paragraphs).Select(_ => Paragraph(random)));
    }

    public static string Paragraph(int seed) => Paragraph(new Random(seed));

    public static string[] Paragraphs(string text) => text.Split('\n');

    /// <summary>A member's id, as a caller without ids of its own would make one: from its URL.</summary>
    public static Guid IdOf(string url) => new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(url)).AsSpan(0, 16));

    public static LineageMember Member(
        string url,
        string text,
        string? published = null,
        string? siteName = null,
        IReadOnlyList<Attribution>? attributions = null,
        IReadOnlyList<ArticleLink>? links = null,
        string? canonicalUrl = null,
        IReadOnlyList<string>? isBasedOn = null,
        string? byline = null) => new()
        {
            Id = IdOf(url),
            Url = url,
            CanonicalText = text,
            SiteName = siteName,
            PublisherName = siteName,
            PublishedAt = published is null ? null : DateTimeOffset.Parse(published, System.Globalization.CultureInfo.InvariantCulture),
            Attributions = attributions ?? [],
            Links = links ?? [],
            CanonicalUrl = canonicalUrl,
            IsBasedOn = isBasedOn ?? [],
            Byline = byline,
        };

    private static string Paragraph(Random random) =>
        string.Join(' ', Enumerable.Range(0, 3).Select(_ => Sentence(random)));

    private static string Sentence(Random random)
    {
        var words = Enumerable.Range(0, random.Next(12, 19)).Select(_ => Words[random.Next(Words.Length)]).ToArray();
        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        return string.Join(' ', words) + ".";
    }
}
