using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Archive.Api.Captures;

/// <summary>
/// JSON's <c>html</c> value unescaped from the buffered body (<see cref="WholeJsonBody"/>) before the binder reads it.
/// <see cref="System.Text.Json.Utf8JsonReader"/> walks a string byte by byte after its first escape (a page's string has
/// escapes throughout) to find its end and check it, and <see cref="System.Text.Json.Utf8JsonReader.CopyString(Span{byte})"/>
/// then finds the escapes again; here the string is validated and unescaped in one pass that jumps from escape to escape
/// (<see cref="SearchValues{T}"/>). The value's bytes in the body are then overwritten with as many spaces, which the
/// binder's reader crosses in one vectorised search, and <see cref="UploadedHtmlJsonConverter"/> takes the page instead of
/// reading the spaces. Every other byte of the body, and so every other value, error and position the binder reports, is
/// as sent.
/// </summary>
/// <remarks>
/// Only a body this handles is touched: one JSON object whose members have plain ASCII names, whose values are strings,
/// numbers, <c>true</c>, <c>false</c> or <c>null</c>, with one member named <c>html</c> in any case, a string of at most
/// <see cref="UploadedPage.PooledBytes"/> bytes as sent, valid UTF-8 without control characters, whose escapes are JSON's
/// (a surrogate escaped only as a pair). Anything else, and so anything the reader refuses, is left to the binder as it was:
/// it answers as it always did.
/// </remarks>
internal static class JsonHtmlValue
{
    private static readonly SearchValues<byte> Special = SearchValues.Create(
        [(byte)'"', (byte)'\\', .. Enumerable.Range(0, 0x20).Select(b => (byte)b)]);

    private static readonly SearchValues<byte> Literal = SearchValues.Create("0123456789+-.eEabcdefghijklmnopqrstuvwxyz"u8);

    private static readonly AsyncLocal<Taken?> Current = new();

    /// <summary>The page unescaped from <paramref name="body"/>'s html value, which is overwritten with spaces; null (and
    /// the body untouched) for a body this does not handle.</summary>
    public static UploadedPage? Take(Span<byte> body)
    {
        // Unescaping never lengthens a value, and a longer value than the pool keeps is left to the binder.
        var rented = ArrayPool<byte>.Shared.Rent(Math.Clamp(body.Length, 1, UploadedPage.PooledBytes));
        if (!Find(body, rented, out var start, out var length, out var written))
        {
            ArrayPool<byte>.Shared.Return(rented);
            return null;
        }
        body.Slice(start, length).Fill((byte)' ');
        return UploadedPage.OfRented(rented, written, UploadedPage.Utf8Html);
    }

    /// <summary>Offers <paramref name="page"/> to the converter while the binder runs (in this async flow): the holder gives
    /// back a page the binder never took.</summary>
    public static Taken Offer(UploadedPage page)
    {
        var taken = new Taken(page);
        Current.Value = taken;
        return taken;
    }

    /// <summary>The page offered in this flow, once; null when none is.</summary>
    public static UploadedPage? TakeOffered() => Current.Value is { } taken ? Interlocked.Exchange(ref taken.Page, null) : null;

    internal sealed class Taken(UploadedPage page) : IDisposable
    {
        public UploadedPage? Page = page;

        public void Dispose()
        {
            Current.Value = null;
            Interlocked.Exchange(ref Page, null)?.Dispose();
        }
    }

    /// <summary>Where the one html member's string content starts and how long it is as sent (quotes excluded), and its
    /// bytes unescaped into <paramref name="destination"/>, when the body is an object this handles.</summary>
    private static bool Find(ReadOnlySpan<byte> body, Span<byte> destination, out int start, out int length, out int written)
    {
        start = length = written = -1;
        var i = SkipSpace(body, 0);
        if (i >= body.Length || body[i] != '{')
        {
            return false;
        }
        i = SkipSpace(body, i + 1);
        if (i < body.Length && body[i] == '}')
        {
            return false;
        }
        while (true)
        {
            // A member's name: plain ASCII, no escapes.
            if (i >= body.Length || body[i] != '"')
            {
                return false;
            }
            var nameEnd = body[(i + 1)..].IndexOfAny(Special);
            if (nameEnd < 0 || body[i + 1 + nameEnd] != '"' || !Ascii.IsValid(body.Slice(i + 1, nameEnd)))
            {
                return false;
            }
            var isHtml = Ascii.EqualsIgnoreCase(body.Slice(i + 1, nameEnd), "html"u8);
            i = SkipSpace(body, i + 2 + nameEnd);
            if (i >= body.Length || body[i] != ':')
            {
                return false;
            }
            i = SkipSpace(body, i + 1);
            if (i >= body.Length)
            {
                return false;
            }
            if (body[i] == '"' && isHtml)
            {
                if (start >= 0 || (written = Unescape(body, i + 1, destination, out var end)) < 0)
                {
                    return false;
                }
                start = i + 1;
                length = end - start;
                i = end + 1;
            }
            else if (body[i] == '"')
            {
                var end = StringEnd(body, i + 1);
                if (end < 0)
                {
                    return false;
                }
                i = end + 1;
            }
            else if (isHtml || body[i] is (byte)'{' or (byte)'[')
            {
                return false;
            }
            else
            {
                // A number or a literal: the binder checks it; this only needs its end, and stops at anything else.
                var literal = body[i..].IndexOfAnyExcept(Literal);
                i = literal < 0 ? body.Length : i + literal;
            }
            i = SkipSpace(body, i);
            if (i >= body.Length)
            {
                return false;
            }
            if (body[i] == '}')
            {
                return start >= 0 && SkipSpace(body, i + 1) == body.Length;
            }
            if (body[i] != ',')
            {
                return false;
            }
            i = SkipSpace(body, i + 1);
        }
    }

    /// <summary>The index of the quote that ends the string whose content starts at <paramref name="i"/>, or -1.</summary>
    private static int StringEnd(ReadOnlySpan<byte> body, int i)
    {
        while (true)
        {
            var next = body[i..].IndexOfAny((byte)'"', (byte)'\\');
            if (next < 0)
            {
                return -1;
            }
            i += next;
            if (body[i] == '"')
            {
                return i;
            }
            i += 2;
            if (i >= body.Length)
            {
                return -1;
            }
        }
    }

    private static int SkipSpace(ReadOnlySpan<byte> body, int i)
    {
        while (i < body.Length && body[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            i++;
        }
        return i;
    }

    /// <summary>
    /// The JSON string whose content starts at <paramref name="start"/> unescaped into UTF-8, as the reader's
    /// <c>CopyString</c> gives it, and the index of its closing quote; -1 where the reader refuses it (a control character,
    /// invalid UTF-8, an escape JSON does not have, a surrogate escaped alone), where it does not end, or where it is longer
    /// as sent than <paramref name="destination"/> (unescaping never lengthens).
    /// </summary>
    internal static int Unescape(ReadOnlySpan<byte> body, int start, Span<byte> destination, out int end)
    {
        end = -1;
        var written = 0;
        var i = start;
        while (true)
        {
            var next = body[i..].IndexOfAny((byte)'"', (byte)'\\');
            if (next < 0 || i + next - start > destination.Length)
            {
                return -1;
            }
            body.Slice(i, next).CopyTo(destination[written..]);
            written += next;
            i += next;
            if (body[i] == '"')
            {
                end = i;
                // Checked once over the whole value: escapes are ASCII, so they split no UTF-8 sequence.
                var value = body[start..end];
                return value.IndexOfAnyInRange((byte)0, (byte)0x1F) < 0 && Utf8.IsValid(value) ? written : -1;
            }
            if (i + 1 >= body.Length)
            {
                return -1;
            }
            var escaped = body[i + 1];
            i += 2;
            // What is written never outruns what is read, so reading within the destination's length bounds the writes.
            if (i - start > destination.Length)
            {
                return -1;
            }
            switch (escaped)
            {
                case (byte)'"' or (byte)'\\' or (byte)'/':
                    destination[written++] = escaped;
                    break;
                case (byte)'b':
                    destination[written++] = (byte)'\b';
                    break;
                case (byte)'f':
                    destination[written++] = (byte)'\f';
                    break;
                case (byte)'n':
                    destination[written++] = (byte)'\n';
                    break;
                case (byte)'r':
                    destination[written++] = (byte)'\r';
                    break;
                case (byte)'t':
                    destination[written++] = (byte)'\t';
                    break;
                case (byte)'u':
                    if (Hex(body, i) is not (>= 0 and var unit))
                    {
                        return -1;
                    }
                    i += 4;
                    int scalar = unit;
                    if (unit is >= 0xD800 and <= 0xDFFF)
                    {
                        if (unit >= 0xDC00 || i + 6 > body.Length || body[i] != '\\' || body[i + 1] != 'u'
                            || Hex(body, i + 2) is not (>= 0xDC00 and <= 0xDFFF and var low))
                        {
                            return -1;
                        }
                        i += 6;
                        scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                    }
                    if (i - start > destination.Length)
                    {
                        return -1;
                    }
                    written += new Rune(scalar).EncodeToUtf8(destination[written..]);
                    break;
                default:
                    return -1;
            }
        }
    }

    /// <summary>Four hexadecimal digits at <paramref name="i"/> as a number, or -1.</summary>
    private static int Hex(ReadOnlySpan<byte> value, int i)
    {
        if (i + 4 > value.Length)
        {
            return -1;
        }
        var unit = 0;
        for (var k = i; k < i + 4; k++)
        {
            var digit = HexDigit(value[k]);
            if (digit < 0)
            {
                return -1;
            }
            unit = (unit << 4) | digit;
        }
        return unit;
    }

    private static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
