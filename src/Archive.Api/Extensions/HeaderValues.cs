using System.Text;

namespace Archive.Api.Extensions;

/// <summary>
/// Values from captured data made safe for a response header: Kestrel refuses anything outside visible ASCII (and would
/// answer 500), and a raw line break would split the header. A URL keeps its meaning: the host in its IDNA (punycode)
/// form, every other byte outside printable ASCII percent-encoded as UTF-8, as RFC 3987 maps an IRI to a URI.
/// </summary>
internal static class HeaderValues
{
    public static string Uri(string url)
    {
        if (System.Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.Equals(uri.IdnHost, uri.Host, StringComparison.Ordinal))
        {
            url = new UriBuilder(uri) { Host = uri.IdnHost }.Uri.AbsoluteUri;
        }
        return Ascii(url);
    }

    /// <summary>Printable ASCII kept, everything else percent-encoded as UTF-8.</summary>
    public static string Ascii(string value)
    {
        if (value.All(c => c is >= ' ' and < '\u007f'))
        {
            return value;
        }
        var result = new StringBuilder(value.Length + 16);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value is >= ' ' and < 0x7f)
            {
                result.Append((char)rune.Value);
                continue;
            }
            var length = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..length])
            {
                result.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return result.ToString();
    }
}
