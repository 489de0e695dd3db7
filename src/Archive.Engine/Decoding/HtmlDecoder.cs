using System.Text;

namespace Archive.Engine.Decoding;

/// <summary>
/// Turns captured bytes into HTML text; it never throws. The charset is taken, in order, from a byte-order mark, the
/// Content-Type header, a <c>&lt;meta charset&gt;</c> or http-equiv tag in the first bytes, and otherwise UTF-8 when the
/// bytes are valid UTF-8, else windows-1252 (what browsers assume for unlabelled Western pages). A label is skipped (the
/// next source decides) when .NET does not know it, when it is UTF-7 (never decoded: a way to smuggle markup past
/// filters, and not a WHATWG encoding), or when the bytes do not fit it: declared UTF-8 that is not valid UTF-8, or an
/// encoding in which the page's first bytes hold no '&lt;' (UTF-16 or UTF-32 labels on ASCII bytes, EBCDIC). A
/// <c>&lt;meta&gt;</c> naming UTF-16 means UTF-8, as WHATWG's prescan says, since the tag was just read as ASCII. The
/// charset used and where it came from are returned (and stored with the capture).
/// </summary>
public static class HtmlDecoder
{
    private const int MetaScanBytes = 4096;

    static HtmlDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static DecodedHtml Decode(ReadOnlySpan<byte> bytes, string? contentType)
    {
        var (encoding, skip, source) = Choose(bytes, contentType);
        return new DecodedHtml(encoding.GetString(bytes[skip..]), encoding.WebName, source);
    }

    /// <summary>Pages up to this many characters are decoded into a buffer from the shared pool.</summary>
    public const int PooledChars = 1 << 20;

    /// <summary>
    /// The same text as <see cref="Decode(ReadOnlySpan{byte}, string?)"/> (the same encoding over the same bytes, decoded
    /// whole), in a buffer rented from the shared pool when it fits <see cref="PooledChars"/>, else in an array of its own
    /// (never kept by the pool), so no page-sized string is made for it.
    /// </summary>
    public static PooledHtml DecodePooled(ReadOnlySpan<byte> bytes, string? contentType)
    {
        var (encoding, skip, source) = Choose(bytes, contentType);
        var text = bytes[skip..];
        var most = encoding.GetMaxCharCount(text.Length);
        var chars = most <= PooledChars ? System.Buffers.ArrayPool<char>.Shared.Rent(most) : new char[encoding.GetCharCount(text)];
        var length = encoding.GetChars(text, chars);
        return new PooledHtml(chars, length, encoding.WebName, source, pooled: most <= PooledChars);
    }

    /// <summary>
    /// <paramref name="bytes"/> known to be <paramref name="text"/> encoded as UTF-8 (an upload's HTML arrives as JSON text
    /// and is stored as those bytes): the same answer as <see cref="Decode(ReadOnlySpan{byte}, string?)"/>, without decoding
    /// the page a second time where that would only give <paramref name="text"/> back: the charset chosen is UTF-8, there is
    /// no byte-order mark to drop, and the text is well-formed UTF-16 (a lone surrogate would come back as U+FFFD).
    /// </summary>
    public static DecodedHtml Decode(ReadOnlySpan<byte> bytes, string? contentType, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (encoding, skip, source) = Choose(bytes, contentType);
        return skip == 0 && encoding.CodePage == Encoding.UTF8.CodePage && IsWellFormed(text)
            ? new DecodedHtml(text, encoding.WebName, source)
            : new DecodedHtml(encoding.GetString(bytes[skip..]), encoding.WebName, source);
    }

    /// <summary>The encoding the bytes are read in, how many leading bytes (a byte-order mark) are not text, and why.</summary>
    private static (Encoding Encoding, int Skip, CharsetSource Source) Choose(ReadOnlySpan<byte> bytes, string? contentType)
    {
        var (bomEncoding, bomLength) = DetectBom(bytes);
        // A BOM outranks a header in browsers only when the header is wrong; we trust a BOM over a header because
        // a BOM cannot be there by accident, while servers often send a default charset the page does not use.
        if (bomEncoding is not null)
        {
            return (bomEncoding, bomLength, CharsetSource.ByteOrderMark);
        }
        if (TryGetEncoding(CharsetSniffer.FromContentType(contentType), out var headerEncoding)
            && FitsBytes(headerEncoding, bytes))
        {
            return (headerEncoding, 0, CharsetSource.ContentType);
        }
        var head = bytes[..Math.Min(bytes.Length, MetaScanBytes)];
        if (TryGetEncoding(CharsetSniffer.FromMeta(head), out var metaEncoding))
        {
            // The tag was found by reading the bytes as ASCII, so an encoding that is not ASCII-compatible cannot be right.
            metaEncoding = metaEncoding.CodePage is 1200 or 1201 ? Encoding.UTF8 : metaEncoding;
            if (IsAsciiCompatible(metaEncoding) && FitsBytes(metaEncoding, bytes))
            {
                return (metaEncoding, 0, CharsetSource.MetaTag);
            }
        }
        if (IsValidUtf8(bytes))
        {
            return (Encoding.UTF8, 0, CharsetSource.ValidUtf8);
        }
        return (Encoding.GetEncoding(1252), 0, CharsetSource.Fallback);
    }

    private static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        int at;
        while ((at = text.IndexOfAnyInRange('\uD800', '\uDFFF')) >= 0)
        {
            if (!char.IsHighSurrogate(text[at]) || at + 1 >= text.Length || !char.IsLowSurrogate(text[at + 1]))
            {
                return false;
            }
            text = text[(at + 2)..];
        }
        return true;
    }

    // A declared UTF-8 that the bytes are not is a wrong label (common after re-encoding proxies); fall through. An
    // encoding that is not ASCII-compatible must turn the page's first bytes into markup.
    private static bool FitsBytes(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
        if (encoding.CodePage == Encoding.UTF8.CodePage)
        {
            return IsValidUtf8(bytes);
        }
        if (IsAsciiCompatible(encoding))
        {
            return true;
        }
        // Markup in the right encoding has its '<'s where the bytes read as ASCII had theirs (at most as many, since
        // UTF-16 and UTF-32 hold each ASCII '<' as one '<' plus zero bytes); ASCII bytes read as UTF-16, UTF-32 or EBCDIC
        // lose them.
        var headBytes = bytes[..Math.Min(bytes.Length, MetaScanBytes)];
        var asAscii = headBytes.Count((byte)'<');
        var decoded = encoding.GetString(headBytes).AsSpan().Count('<');
        return decoded > 0 && decoded * 2 >= asAscii;
    }

    private static bool IsAsciiCompatible(Encoding encoding) =>
        encoding.GetByteCount("<meta charset=>") == 15 && encoding.GetString("<meta"u8) == "<meta";

    private static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    private static (Encoding? Encoding, int Length) DetectBom(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Encoding.UTF8, 3);
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return (Encoding.UTF32, 4);
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Encoding.Unicode, 2);
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode, 2);
        }
        return (null, 0);
    }

    internal static bool TryGetEncoding(string? name, out Encoding encoding)
    {
        encoding = Encoding.UTF8;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }
        var label = name.Trim().Trim('"', '\'').ToLowerInvariant();
        // Browsers decode these labels as windows-1252 (WHATWG Encoding); .NET would pick strict Latin-1 or ASCII.
        if (label is "iso-8859-1" or "latin1" or "latin-1" or "us-ascii" or "ascii" or "iso8859-1" or "l1" or "cp1252")
        {
            label = "windows-1252";
        }
        else if (label is "utf8")
        {
            label = "utf-8";
        }
        else if (label is "utf-16")
        {
            label = "utf-16le"; // WHATWG: the bare label means little-endian.
        }
        try
        {
            encoding = Encoding.GetEncoding(label);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            // NotSupportedException: UTF-7, which .NET refuses to decode (and which we would refuse anyway).
            return false;
        }
        // UTF-7 (65000) is refused even where a provider still offers it.
        return encoding.CodePage != 65000;
    }
}
