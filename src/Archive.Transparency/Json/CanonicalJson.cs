using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Archive.Transparency.Json;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme: no white space, object members sorted by their UTF-16 code units, strings escaped
/// as ECMAScript's JSON.stringify does (only '"', '\', and control characters), numbers in ECMAScript's shortest
/// round-trip form, UTF-8 output. The same value always gives the same bytes, whoever writes it.
/// </summary>
public static class CanonicalJson
{
    /// <summary>Deeper documents are refused: log entries are shallow, and a walk must not recurse with hostile depth.</summary>
    public const int MaxDepth = 32;

    public static byte[] Serialize(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        using var document = JsonDocument.Parse(node.ToJsonString());
        return Serialize(document.RootElement);
    }

    public static byte[] Serialize(JsonElement element)
    {
        var builder = new StringBuilder();
        Write(element, builder, 0);
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>True when <paramref name="utf8"/> is already in canonical form (parsing and re-serialising changes nothing).</summary>
    public static bool IsCanonical(ReadOnlySpan<byte> utf8)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth });
            return Serialize(document.RootElement).AsSpan().SequenceEqual(utf8);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return false;
        }
    }

    private static void Write(JsonElement element, StringBuilder output, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException($"JSON nested deeper than {MaxDepth} levels is not canonicalised.");
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = element.EnumerateObject().Select(p => (p.Name, p.Value)).ToList();
                members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                for (var i = 1; i < members.Count; i++)
                {
                    if (members[i].Name == members[i - 1].Name)
                    {
                        throw new FormatException($"Duplicate member '{members[i].Name}' (I-JSON forbids it).");
                    }
                }
                output.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Append(',');
                    }
                    WriteString(members[i].Name, output);
                    output.Append(':');
                    Write(members[i].Value, output, depth + 1);
                }
                output.Append('}');
                break;
            case JsonValueKind.Array:
                output.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        output.Append(',');
                    }
                    first = false;
                    Write(item, output, depth + 1);
                }
                output.Append(']');
                break;
            case JsonValueKind.String:
                string text;
                try
                {
                    text = element.GetString()!;
                }
                catch (InvalidOperationException e)
                {
                    throw new FormatException("A string holds a lone surrogate, which UTF-8 cannot carry.", e);
                }
                WriteString(text, output);
                break;
            case JsonValueKind.Number:
                output.Append(FormatNumber(element.GetDouble()));
                break;
            case JsonValueKind.True:
                output.Append("true");
                break;
            case JsonValueKind.False:
                output.Append("false");
                break;
            case JsonValueKind.Null:
                output.Append("null");
                break;
            default:
                throw new FormatException($"Unexpected JSON value kind {element.ValueKind}.");
        }
    }

    internal static void WriteString(string value, StringBuilder output)
    {
        output.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                output.Append(c).Append(value[++i]);
                continue;
            }
            if (char.IsSurrogate(c))
            {
                throw new FormatException("A string holds a lone surrogate, which UTF-8 cannot carry.");
            }
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\b': output.Append("\\b"); break;
                case '\f': output.Append("\\f"); break;
                case '\n': output.Append("\\n"); break;
                case '\r': output.Append("\\r"); break;
                case '\t': output.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        output.Append(c);
                    }
                    break;
            }
        }
        output.Append('"');
    }

    /// <summary>ECMAScript Number::toString for a finite double (ECMA-262 §6.1.6.1.20), which RFC 8785 §3.2.2.3 adopts.</summary>
    public static string FormatNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new FormatException("NaN and infinities have no JSON form.");
        }
        if (value == 0)
        {
            return "0"; // also -0
        }
        // .NET's "R" is the shortest string that round-trips: the same digits ECMAScript picks. Only the layout differs.
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = text.IndexOfAny(['E', 'e']);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(text[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        // value = 0.digits × 10^n
        var n = (point < 0 ? mantissa.Length : point) + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.TrimStart('0');
        n -= leadingZeros;
        digits = digits.TrimEnd('0');
        var k = digits.Length;
        var sign = value < 0 ? "-" : "";
        if (k <= n && n <= 21)
        {
            return sign + digits + new string('0', n - k);
        }
        if (0 < n && n <= 21)
        {
            return sign + digits[..n] + "." + digits[n..];
        }
        if (-6 < n && n <= 0)
        {
            return sign + "0." + new string('0', -n) + digits;
        }
        var e = n - 1;
        var exponentText = (e < 0 ? "-" : "+") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        return sign + (k == 1 ? digits : digits[0] + "." + digits[1..]) + "e" + exponentText;
    }
}
