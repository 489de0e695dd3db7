using System.Text;

namespace Archive.Fetching;

/// <summary>The HTML part of the WHATWG MIME sniffing rules, for responses that carry no usable Content-Type.</summary>
public static class HtmlSniffer
{
    private static readonly byte[][] Patterns =
    [
        .. new[]
        {
            "<!DOCTYPE HTML", "<HTML", "<HEAD", "<SCRIPT", "<IFRAME", "<H1", "<DIV", "<FONT", "<TABLE", "<A", "<STYLE",
            "<TITLE", "<B", "<BODY", "<BR", "<P", "<!--",
        }.Select(Encoding.ASCII.GetBytes),
    ];

    public static bool LooksLikeHtml(ReadOnlySpan<byte> body)
    {
        if (body.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        body = body.TrimStart(" \t\n\f\r"u8);
        foreach (var pattern in Patterns)
        {
            if (body.Length > pattern.Length && StartsWithIgnoreCase(body, pattern) && body[pattern.Length] is (byte)' ' or (byte)'>')
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> body, ReadOnlySpan<byte> pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (char.ToUpperInvariant((char)body[i]) != pattern[i])
            {
                return false;
            }
        }

        return true;
    }
}
