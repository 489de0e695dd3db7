using System.Buffers;

namespace Archive.Engine.Decoding;

/// <summary>
/// A page's HTML decoded into a buffer rented from the shared pool (<see cref="HtmlDecoder.DecodePooled"/>), with its charset
/// as <see cref="DecodedHtml"/> has it. The engine only reads the page before the parse (the prefilter copies what it keeps
/// into the parser's string), so a page decoded from bytes need not be a page-sized string on the large object heap for
/// every page. <see cref="Dispose"/> gives the buffer back; nothing may read <see cref="Html"/> after it.
/// </summary>
public sealed class PooledHtml : IDisposable
{
    private char[]? _rented;

    internal PooledHtml(char[] chars, int length, string charset, CharsetSource source, bool pooled)
    {
        _rented = pooled ? chars : null;
        Html = chars.AsMemory(0, length);
        Charset = new DecodedCharset(charset, source);
    }

    public ReadOnlyMemory<char> Html { get; }

    public DecodedCharset Charset { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _rented, null) is { } rented)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }
}
