namespace Archive.Engine.Decoding;

/// <summary>A page's HTML as text, with the name of the charset it was decoded from and where that name came from.</summary>
public sealed record DecodedHtml(string Html, string Charset, CharsetSource Source)
{
    /// <summary>The charset alone: what a processed page keeps of its decoding.</summary>
    public DecodedCharset Decoding => new(Charset, Source);
}

/// <summary>The name of the charset a page was decoded from and where that name came from.</summary>
public sealed record DecodedCharset(string Charset, CharsetSource Source);

public enum CharsetSource
{
    ContentType,
    ByteOrderMark,
    MetaTag,
    ValidUtf8,
    Fallback,
}
