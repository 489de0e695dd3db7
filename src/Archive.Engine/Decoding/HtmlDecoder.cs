using System.Text;

namespace Archive.Engine.Decoding;

/// <summary>
/// Turns captured bytes into HTML text. The charset is taken, in order, from the Content-Type header, a byte-order mark,
/// a <c>&lt;meta charset&gt;</c> or http-equiv tag in the first bytes, and otherwise UTF-8 when the bytes are valid UTF-8,
/// else windows-1252 (what browsers assume for unlabelled Western pages). Unknown or broken names are skipped, never thrown.
/// </summary>
public static class HtmlDecoder
{
    private const int MetaScanBytes = 4096;

    static HtmlDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static DecodedHtml Decode(ReadOnlySpan<byte> bytes, string? contentType)
    {
        var (bomEncoding, bomLength) = DetectBom(bytes);
        // A BOM outranks a header in browsers only when the header is wrong; we trust a BOM over a header because
        // a BOM cannot be there by accident, while servers often send a default charset the page does not use.
        if (bomEncoding is not null)
        {
            return new DecodedHtml(bomEncoding.GetString(bytes[bomLength..]), bomEncoding.WebName, CharsetSource.ByteOrderMark);
        }
        if (TryGetEncoding(CharsetSniffer.FromContentType(contentType), out var headerEncoding)
            && FitsBytes(headerEncoding, bytes))
        {
            return Result(bytes, headerEncoding, CharsetSource.ContentType);
        }
        var head = bytes[..Math.Min(bytes.Length, MetaScanBytes)];
        if (TryGetEncoding(CharsetSniffer.FromMeta(head), out var metaEncoding) && FitsBytes(metaEncoding, bytes))
        {
            return Result(bytes, metaEncoding, CharsetSource.MetaTag);
        }
        if (IsValidUtf8(bytes))
        {
            return Result(bytes, Encoding.UTF8, CharsetSource.ValidUtf8);
        }
        return Result(bytes, Encoding.GetEncoding(1252), CharsetSource.Fallback);
    }

    private static DecodedHtml Result(ReadOnlySpan<byte> bytes, Encoding encoding, CharsetSource source) =>
        new(encoding.GetString(bytes), encoding.WebName, source);

    // A declared UTF-8 that the bytes are not is a wrong label (common after re-encoding proxies); fall through.
    private static bool FitsBytes(Encoding encoding, ReadOnlySpan<byte> bytes) =>
        encoding.CodePage != Encoding.UTF8.CodePage || IsValidUtf8(bytes);

    private static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    private static (Encoding? Encoding, int Length) DetectBom(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Encoding.UTF8, 3);
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
        try
        {
            encoding = Encoding.GetEncoding(label);
            // A page labelled UTF-16 but delivered as bytes we could sniff is ASCII-compatible in practice.
            if (encoding.CodePage is 1200 or 1201)
            {
                encoding = Encoding.UTF8;
            }
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
