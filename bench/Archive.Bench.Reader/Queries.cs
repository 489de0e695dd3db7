namespace Archive.Bench.Reader;

/// <summary>
/// The query mix, drawn from the seeded articles' own words by document frequency (measured on a 5,000-article sample), as
/// people search an archive: mostly names and topical words, some broad words, two-word queries and quoted phrases, some
/// sorted by newest or filtered by outlet.
/// </summary>
internal static class Queries
{
    public static List<string> Build(List<(string Title, string Text)> sample, int count, int seed)
    {
        var random = new Random(seed);
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (title, text) in sample)
        {
            foreach (var word in TextPool.Words(title + " " + text).Where(w => w.Length >= 4).Distinct(StringComparer.Ordinal))
            {
                df[word] = df.GetValueOrDefault(word) + 1;
            }
        }
        List<string> Band(double low, double high) =>
            [.. df.Where(d => d.Value >= low * sample.Count && d.Value < high * sample.Count).Select(d => d.Key).Order(StringComparer.Ordinal)];
        var rare = Band(0.0005, 0.005);
        var medium = Band(0.005, 0.03);
        var common = Band(0.03, 0.15);
        var broad = Band(0.15, 1.01);
        string Pick(List<string> band) => band[random.Next(band.Count)];
        string Phrase()
        {
            var words = TextPool.Words(sample[random.Next(sample.Count)].Text).ToList();
            var at = random.Next(Math.Max(1, words.Count - 2));
            return $"\"{string.Join(' ', words.Skip(at).Take(2))}\"";
        }

        var queries = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var roll = random.Next(100);
            var q = roll switch
            {
                < 30 => Pick(rare),
                < 55 => Pick(medium),
                < 70 => Pick(common),
                < 80 => Pick(broad),
                < 90 => $"{Pick(medium)} {Pick(common)}",
                _ => Phrase(),
            };
            var extra = random.Next(100) switch
            {
                < 15 => "&sort=newest",
                < 25 => $"&publisher=outlet{random.Next(Seeder.Outlets)}.example",
                < 30 => "&from=2022-01-01&to=2023-01-01",
                _ => "",
            };
            queries.Add("q=" + Uri.EscapeDataString(q) + extra);
        }
        Console.Error.WriteLine($"query bands: rare {rare.Count}, medium {medium.Count}, common {common.Count}, broad {broad.Count} words");
        return queries;
    }
}
