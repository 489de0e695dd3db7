namespace Archive.Api.Extensions;

/// <summary>
/// One cell of a CSV the service writes: RFC 4180 quoting, and text a spreadsheet would read as a formula neutralised as
/// OWASP advises (a leading apostrophe), because names and titles come from captured pages (og:site_name, JSON-LD) and a
/// cell like <c>=HYPERLINK(...)</c> or <c>+cmd|calc!A0</c> would otherwise run in the desk's spreadsheet. Every CSV
/// writer goes through <see cref="Field"/>.
/// </summary>
internal static class CsvCells
{
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        if (LooksLikeFormula(value))
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\n\r") >= 0 || value[0] == '\'' || char.IsWhiteSpace(value[0])
            ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : value;
    }

    /// <summary>A value whose first character that is not white space a spreadsheet takes as the start of a formula.</summary>
    public static bool LooksLikeFormula(string value)
    {
        foreach (var c in value)
        {
            if (c is '\t' or '\r' or '\n')
            {
                return true; // OWASP: a leading tab or carriage return also starts one in some spreadsheets.
            }
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                continue;
            }
            // ASCII triggers and their full-width forms, which some spreadsheets fold to ASCII.
            return c is '=' or '+' or '-' or '@' or '\uFF1D' or '\uFF0B' or '\uFF0D' or '\uFF20';
        }
        return false;
    }
}
