using System.Globalization;
using System.Text.RegularExpressions;

namespace Archive.Engine.Extraction.Metadata;

/// <summary>Reads the date strings pages carry (ISO 8601 with or without offset, RFC 1123, "Apr 19, 2023") as UTC.</summary>
internal static partial class DateParser
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm", "yyyy-MM-dd", "yyyyMMdd", "yyyy/MM/dd", "yyyy/MM/dd HH:mm:ss",
        "r", "ddd, d MMM yyyy HH:mm:ss zzz", "MMM d, yyyy", "MMMM d, yyyy", "MMM d yyyy", "MMMM d yyyy", "d MMMM yyyy",
        "d MMM yyyy", "MMMM d, yyyy h:mm tt", "MMM d, yyyy h:mm tt", "MMM. d, yyyy", "dd.MM.yyyy", "dd.MM.yyyy HH:mm",
    ];

    public static bool TryParse(string? raw, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > 80)
        {
            return false;
        }
        var text = raw.Trim();
        // "+0500" is common in feeds and meta tags; .NET wants "+05:00".
        text = CompactOffset().Replace(text, "$1:$2");
        text = TrailingZoneName().Replace(text, string.Empty);
        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces;
        if (DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, styles, out value)
            || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out value))
        {
            value = value.ToUniversalTime();
            return value.Year is > 1900 and < 2200;
        }
        return false;
    }

    [GeneratedRegex(@"([+-]\d{2})(\d{2})$")]
    private static partial Regex CompactOffset();

    [GeneratedRegex(@"\s+(?:UTC|GMT)$")]
    private static partial Regex TrailingZoneName();
}
