using System.Text.RegularExpressions;

namespace Archive.Train;

/// <summary>The WCXB metric: bag of lower-cased \w+ tokens, clipped overlap, F1 per page.</summary>
internal static partial class Scoring
{
    [GeneratedRegex(@"\w+")]
    private static partial Regex Word();

    public static List<string> Tokens(string text) =>
        Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();

    public static (double Precision, double Recall, double F1) WordF1(string predicted, string truth)
    {
        var p = Tokens(predicted);
        var r = Tokens(truth);
        if (r.Count == 0)
        {
            return p.Count == 0 ? (1, 1, 1) : (0, 0, 0);
        }
        if (p.Count == 0)
        {
            return (0, 0, 0);
        }
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in r)
        {
            counts[token] = counts.GetValueOrDefault(token) + 1;
        }
        var overlap = 0;
        foreach (var token in p)
        {
            if (counts.TryGetValue(token, out var left) && left > 0)
            {
                counts[token] = left - 1;
                overlap++;
            }
        }
        double precision = (double)overlap / p.Count, recall = (double)overlap / r.Count;
        return (precision, recall, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
    }
}
