using System.Text;
using System.Text.RegularExpressions;

namespace Archive.Engine.Decoding;

/// <summary>Reads charset labels out of a Content-Type value or the opening bytes of a page.</summary>
internal static partial class CharsetSniffer
{
    public static string? FromContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return null;
        }
        var match = CharsetParameter().Match(contentType);
        return match.Success ? match.Groups[1].Value : null;
    }

    public static string? FromMeta(ReadOnlySpan<byte> head)
    {
        // Labels are ASCII, so reading the head as Latin-1 keeps byte offsets and never fails.
        var text = Encoding.Latin1.GetString(head);
        var match = MetaCharset().Match(text);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("""charset\s*=\s*["']?([A-Za-z0-9_.:\-]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CharsetParameter();

    // Matches <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">.
    [GeneratedRegex("""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();
}
