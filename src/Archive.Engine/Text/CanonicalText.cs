using System.Globalization;
using System.Text;

namespace Archive.Engine.Text;

/// <summary>
/// The canonical form of article text that content hashes and fingerprints are computed on.
/// Two pages carrying the same story text give the same canonical form whatever their markup, quotes or spacing:
/// <list type="number">
/// <item>Unicode NFKC normalisation (folds compatibility forms such as ligatures and full-width letters).</item>
/// <item>Typographic quotes fold to ASCII <c>'</c> and <c>"</c>; dashes (en, em, minus, figure) fold to <c>-</c>;
/// ellipsis to <c>...</c>; soft hyphens, zero-width characters and BOMs are removed.</item>
/// <item>Within a paragraph every run of white space (including no-break spaces) becomes one space.</item>
/// <item>Paragraphs (separated by one or more blank lines or line breaks) are trimmed, empty ones dropped,
/// and joined with a single <c>\n</c>.</item>
/// </list>
/// Case is kept: it carries meaning in names and acronyms.
/// </summary>
public static class CanonicalText
{
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = text.Normalize(NormalizationForm.FormKC);
        // Paragraphs are written straight into the output: a paragraph opens (after a line break if one came before)
        // at its first kept character, and a space is written only between kept characters, so no paragraph is held apart.
        var output = BuilderCache.Acquire(normalized.Length);
        var inParagraph = false;
        var pendingSpace = false;
        foreach (var ch in normalized)
        {
            if (ch is '\n' or '\r' or '\u2028' or '\u2029')
            {
                inParagraph = false;
                pendingSpace = false;
                continue;
            }
            if (char.IsWhiteSpace(ch))
            {
                pendingSpace = inParagraph;
                continue;
            }
            var folded = Fold(ch);
            if (folded is null)
            {
                continue;
            }
            if (!inParagraph)
            {
                if (output.Length > 0)
                {
                    output.Append('\n');
                }
                inParagraph = true;
            }
            else if (pendingSpace)
            {
                output.Append(' ');
            }
            pendingSpace = false;
            if (ReferenceEquals(folded, Kept))
            {
                output.Append(ch);
            }
            else
            {
                output.Append(folded);
            }
        }
        return BuilderCache.ToStringAndRelease(output);
    }

    // Most characters stand for themselves: a marker rather than ch.ToString(), which allocated a string per character.
    private const string Kept = "\0kept";

    internal static string? Fold(char ch) => ch switch
    {
        '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '\u02BC' or '`' or '\u00B4' => "'",
        '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB' => "\"",
        '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' or '\uFE58' or '\uFE63' => "-",
        '\u2026' => "...",
        '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' => null,
        // No character before the soft hyphen is a format character: most text is never looked up.
        < '\u00AD' => Kept,
        _ when CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.Format => null,
        _ => Kept,
    };
}
