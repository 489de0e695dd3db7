using System.Buffers;
using System.Text.Json;
using Archive.Engine;
using Archive.Engine.Lineage;

namespace Archive.Data.Stores;

/// <summary>
/// Reads the lineage links' stored evidence (jsonb arrays of <c>{type, detail, of, basis, by}</c>, camelCase) from the UTF-8
/// text PostgreSQL sends, for a whole family at once. A 50-member family's evidence is ~67 KB of JSON, ~370 items: read as a
/// .NET string first it was twice that in UTF-16 before parsing, and each item's type, side and claimant became new strings
/// although a family has a few dozen distinct ones (the same key on every link, the same source's capture times). Here the
/// text is parsed where it lies and every value of up to <see cref="PooledChars"/> characters is taken from the family's pool,
/// so a value repeated across items and links is one string.
/// </summary>
internal sealed class StoredEvidence
{
    private const int PooledChars = 128;
    private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);

    public StoredEvidence() => _lookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The evidence in <paramref name="utf8"/>, a column read as a stream of its text's bytes.</summary>
    public List<LineageEvidence> Read(Stream utf8)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        var length = 0;
        while (true)
        {
            if (length == _buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                _buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
            var read = utf8.Read(_buffer, length, _buffer.Length - length);
            if (read == 0)
            {
                break;
            }
            length += read;
        }
        return Read(_buffer.AsSpan(0, length));
    }

    /// <summary>The evidence in <paramref name="utf8"/>: what <see cref="JsonSerializer"/> gives with the web defaults the column
    /// is written with (property names in any case, unknown ones skipped, a missing one null).</summary>
    public List<LineageEvidence> Read(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        var items = new List<LineageEvidence>();
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return items;
        }
        Expect(ref reader, JsonTokenType.StartArray);
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject);
            string? type = null, detail = null, of = null, by = null;
            EvidenceBasis? basis = null;
            while (Next(ref reader) != JsonTokenType.EndObject)
            {
                var name = Name(ref reader);
                Next(ref reader);
                switch (name)
                {
                    case "type":
                        type = Value(ref reader);
                        break;
                    case "detail":
                        detail = Value(ref reader);
                        break;
                    case "of":
                        of = Value(ref reader);
                        break;
                    case "by":
                        by = Value(ref reader);
                        break;
                    case "basis":
                        basis = Value(ref reader) is { } text ? EnumText.Parse<EvidenceBasis>(text) : null;
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            items.Add(new LineageEvidence(type!, detail!, of, basis, by));
        }
        return items;
    }

    /// <summary>Hands the read buffer back to the pool; the reader is not used after.</summary>
    public void Release() => ArrayPool<byte>.Shared.Return(_buffer);

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("The stored evidence ends early.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException($"The stored evidence has {reader.TokenType} where {token} belongs.");
        }
    }

    // The five names in the case the column is written in, matched as the serializer's web defaults match (any case).
    private static string? Name(ref Utf8JsonReader reader)
    {
        Span<char> name = stackalloc char[8];
        if (reader.ValueIsEscaped || reader.ValueSpan.Length > name.Length)
        {
            return reader.GetString()!.ToLowerInvariant();
        }
        var written = reader.CopyString(name);
        foreach (var known in (ReadOnlySpan<string>)["type", "detail", "of", "by", "basis"])
        {
            if (name[..written].Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }
        return null;
    }

    private string? Value(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"The stored evidence has {reader.TokenType} where a string belongs.");
        }
        // A UTF-8 value of up to PooledChars bytes has at most as many UTF-16 characters, escaped or not.
        var bytes = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (bytes > PooledChars)
        {
            return reader.GetString();
        }
        Span<char> text = stackalloc char[PooledChars];
        var written = reader.CopyString(text);
        if (_lookup.TryGetValue(text[..written], out var pooled))
        {
            return pooled;
        }
        var value = new string(text[..written]);
        _pool.Add(value, value);
        return value;
    }
}
