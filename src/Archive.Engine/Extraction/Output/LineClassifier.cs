using System.Text.RegularExpressions;
using Archive.Engine.Extraction.Cleaning;
using Archive.Engine.Extraction.Metadata;

namespace Archive.Engine.Extraction.Output;

/// <summary>Decides whether a short line of text is furniture (credit, promo, byline, dateline) rather than story.</summary>
internal static partial class LineClassifier
{
    private const int MaxFurnitureChars = 220;

    private static readonly HashSet<string> NameConnectors = new(StringComparer.Ordinal)
    {
        "and", "y", "e", "et", "und", "de", "da", "do", "dos", "van", "von", "der", "den", "la", "le", "del", "di", "du", "bin", "al",
    };

    public static bool IsFurniture(string line)
    {
        if (line.Length > MaxFurnitureChars)
        {
            return false;
        }
        return BoilerplateHints.FurnitureLine().IsMatch(line) || IsByline(line) || IsDateLine(line);
    }

    public static bool IsByline(string line)
    {
        var match = BylinePrefix().Match(line);
        if (!match.Success || line.Length > 100)
        {
            return false;
        }
        var words = line[match.Length..].Split([' ', ',', '&', '|', '–', '—', '-', '/', '\u00A0'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or > 10)
        {
            return false;
        }
        foreach (var word in words)
        {
            if (!char.IsUpper(word[0]) && !NameConnectors.Contains(word))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsDateLine(string line)
    {
        if (line.Length > 60)
        {
            return false;
        }
        var stripped = DatePrefix().Replace(line, string.Empty).Trim();
        return stripped.Any(char.IsDigit) && DateParser.TryParse(stripped, out _);
    }

    [GeneratedRegex(@"^(?:By|BY|Por|POR|Par|Von|Door|Di|Av|Af|Written by|Words by|Reporting by|Story by)\s+", RegexOptions.CultureInvariant)]
    private static partial Regex BylinePrefix();

    [GeneratedRegex(@"^(?:Published|Updated|Posted|Last updated|Last modified|Date)(?:\s+on)?\s*:?\s*",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DatePrefix();
}
