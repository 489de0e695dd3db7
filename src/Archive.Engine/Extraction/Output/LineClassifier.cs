using System.Text.RegularExpressions;
using Archive.Engine.Extraction.Cleaning;
using Archive.Engine.Extraction.Content;
using Archive.Engine.Extraction.Metadata;

namespace Archive.Engine.Extraction.Output;

/// <summary>Decides whether a short line of text is furniture (credit, promo, byline, dateline) rather than story.</summary>
internal static partial class LineClassifier
{
    private const int MaxFurnitureChars = 220;
    private const int MaxPromoChars = 250;

    private static readonly HashSet<string> NameConnectors = new(StringComparer.Ordinal)
    {
        "and", "y", "e", "et", "und", "de", "da", "do", "dos", "van", "von", "der", "den", "la", "le", "del", "di", "du", "bin", "al",
    };

    public static bool IsFurniture(string line) => line.Length <= MaxFurnitureChars && FurnitureVerdicts.Get(line);

    private static readonly BoundedCache<bool> FurnitureVerdicts = new(line =>
        BoilerplateHints.IsFurnitureLine(line) || IsByline(line) || IsDateLine(line)
        || line.Length <= MaxPromoChars && BoilerplateHints.IsPromo(line), maxKeyLength: MaxFurnitureChars);

    public static string StripByline(string line) => BylinePrefix().Replace(line, string.Empty).Trim();

    public static bool IsReadMoreLink(string text) => ReadMore().IsMatch(text);

    public static bool IsByline(string line)
    {
        var match = BylinePrefix().Match(line);
        if (!match.Success || line.Length > 100)
        {
            return false;
        }
        var words = line[match.Length..].Split([' ', ',', '&', '|', '–', '—', '-', '/', '／', '·', '•', '\u00A0'],
            StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or > 10)
        {
            return false;
        }
        var named = false;
        foreach (var word in words)
        {
            // Names are capitalised (or uncased scripts); a trailing date is allowed.
            if (char.IsLetter(word[0]) && !char.IsLower(word[0]))
            {
                named = true;
            }
            else if (!NameConnectors.Contains(word) && !char.IsDigit(word[0]))
            {
                return false;
            }
        }
        return named;
    }

    private static bool IsDateLine(string line)
    {
        if (line.Length > 80 || !HasDigit(line))
        {
            return false;
        }
        if (DateParser.TryParse(WithoutDatePrefix(line), out _))
        {
            return true;
        }
        // "Published Monday, November 18, 2019 8:22AM EST": nothing left once date words are taken out.
        return YearLike().IsMatch(line) && OnlyDateWords(line);
    }

    /// <summary>
    /// Whether nothing is left of the line once its date words are taken out: what <c>DateWords().Replace(line, " ")
    /// .Trim().Length == 0</c> asks, without the replaced string. The matches are the ones Replace finds (left to right,
    /// none overlapping); the replacement is a space, which Trim takes away, so the answer is whether every character
    /// outside the matches is white space as Trim counts it.
    /// </summary>
    internal static bool OnlyDateWords(string line)
    {
        var end = 0;
        foreach (var match in DateWords().EnumerateMatches(line))
        {
            if (!line.AsSpan(end, match.Index - end).IsWhiteSpace())
            {
                return false;
            }
            end = match.Index + match.Length;
        }
        return line.AsSpan(end).IsWhiteSpace();
    }

    /// <summary>The line without a leading "Published on:" or the like, trimmed.</summary>
    internal static string WithoutDatePrefix(string line)
    {
        // The prefix is anchored at the start, so cutting its one match is what Replace with nothing does, without the
        // Match and the replaced string.
        var prefix = 0;
        foreach (var match in DatePrefix().EnumerateMatches(line))
        {
            prefix = match.Length;
        }
        return (prefix == 0 ? line : line[prefix..]).Trim();
    }

    private static bool HasDigit(string line)
    {
        foreach (var ch in line)
        {
            if (char.IsDigit(ch))
            {
                return true;
            }
        }
        return false;
    }

    [GeneratedRegex(@"\b(?:19|20)\d{2}\b")]
    private static partial Regex YearLike();

    [GeneratedRegex(@"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|"
        + @"nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|"
        + @"sun(?:day)?|published|updated|posted|last|modified|on|at|am|pm|a\.m\.|p\.m\.|[ecmp][sd]t|utc|gmt|bst|cet|cest|ist|"
        + @"janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro|enero|febrero|marzo|mayo|"
        + @"junio|julio|septiembre|octubre|noviembre|diciembre|janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
        + @"octobre|novembre|décembre|januar|februar|märz|juni|juli|oktober|dezember|segunda|terça|quarta|quinta|sexta|feira|"
        + @"sábado|domingo|lunes|martes|miércoles|jueves|viernes|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|"
        + @"dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|de|às|a las|le|um|uhr|publicado|atualizado|actualizado|publié|"
        + @"veröffentlicht|aktualisiert|"
        + @"\d{1,2}(?:st|nd|rd|th)|\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm|h)?|\d+)\b|[\s,.:/|•·–—()-]+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex DateWords();

    [GeneratedRegex(@"^(?:read (?:more|full (?:story|article)|the (?:full |rest of the )?(?:story|article))|continue reading|full story|"
        + @"more\W*$|leia mais|leer más|lire la suite|weiterlesen|leggi (?:tutto|di più))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReadMore();

    [GeneratedRegex(@"^(?:By|BY|by|Por|POR|por|Par|par|Von|von|Door|door|Di|Av|Af|Written by|Words by|Reporting by|Story by)\s+",
        RegexOptions.CultureInvariant)]
    private static partial Regex BylinePrefix();

    [GeneratedRegex(@"^(?:Published|Updated|Posted|Last updated|Last modified|Date)(?:\s+on)?\s*:?\s*",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex DatePrefix();
}
