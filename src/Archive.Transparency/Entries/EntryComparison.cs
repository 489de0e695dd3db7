using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Archive.Transparency.Json;

namespace Archive.Transparency.Entries;

/// <summary>A field whose value differs between what is stored now and what the log recorded (null: absent on that side).</summary>
public sealed record FieldDifference(string Field, string? Stored, string? Logged);

/// <summary>Compares entries (or entry members) field by field in canonical form, so verification can name what changed.</summary>
public static class EntryComparison
{
    public static IReadOnlyList<FieldDifference> Compare(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> logged)
    {
        JsonObject? loggedObject;
        try
        {
            loggedObject = JsonNode.Parse(logged) as JsonObject;
        }
        catch (JsonException)
        {
            loggedObject = null;
        }
        return loggedObject is null
            ? [new FieldDifference("(entry)", "a JSON object", "bytes that are not a JSON object")]
            : Compare((JsonObject)JsonNode.Parse(stored)!, loggedObject);
    }

    public static IReadOnlyList<FieldDifference> Compare(JsonObject stored, JsonObject logged)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(logged);
        var differences = new List<FieldDifference>();
        foreach (var field in stored.Select(p => p.Key).Union(logged.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            var a = Text(stored, field);
            var b = Text(logged, field);
            if (a != b)
            {
                differences.Add(new FieldDifference(field, a, b));
            }
        }
        return differences;
    }

    private static string? Text(JsonObject obj, string field)
    {
        if (!obj.TryGetPropertyValue(field, out var value))
        {
            return null;
        }
        return value is null ? "null" : Encoding.UTF8.GetString(CanonicalJson.Serialize(value));
    }
}
