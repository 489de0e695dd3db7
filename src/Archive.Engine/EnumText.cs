using System.Text.Json;
using System.Text.Json.Serialization;

namespace Archive.Engine;

/// <summary>
/// The one string policy for enums: kebab-case, as the API's JSON converter writes them (<c>JobState.Fetching</c> is
/// <c>fetching</c>). Columns store the same text, and statements that name a state pass it as a parameter from here. It lives
/// in the engine because the engine's own enums (a lineage link's kind, declaration, reuse and basis) are written in it too.
/// </summary>
public static class EnumText
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Names<TEnum>.Texts[value];

    public static string? Of<TEnum>(TEnum? value) where TEnum : struct, Enum => value is { } v ? Names<TEnum>.Texts[v] : null;

    public static TEnum Parse<TEnum>(string text) where TEnum : struct, Enum =>
        TryParse<TEnum>(text, out var value) ? value : throw new FormatException($"'{text}' is not a {typeof(TEnum).Name}.");

    public static bool TryParse<TEnum>(string text, out TEnum value) where TEnum : struct, Enum =>
        Names<TEnum>.Values.TryGetValue(text, out value);

    /// <summary>Every value's text, in declaration order (what a validation message lists).</summary>
    public static IReadOnlyList<string> All<TEnum>() where TEnum : struct, Enum => Names<TEnum>.Ordered;

    /// <summary>The policy itself, for a serialiser's options (the API's JSON converter).</summary>
    public static JsonNamingPolicy Policy { get; } = JsonNamingPolicy.KebabCaseLower;

    private static class Names<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> Texts =
            Enum.GetValues<TEnum>().ToDictionary(v => v, v => Policy.ConvertName(v.ToString()));

        public static readonly Dictionary<string, TEnum> Values = Texts.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

        public static readonly string[] Ordered = [.. Enum.GetValues<TEnum>().Select(v => Texts[v])];
    }
}

/// <summary>
/// The same policy for JSON wherever an enum is written, whatever options the serialiser was given (a JSON column written
/// with <see cref="JsonSerializerOptions.Web"/>, a problem's extensions): put it on the enum type.
/// </summary>
public sealed class EnumTextJsonConverter<TEnum>() : JsonStringEnumConverter<TEnum>(EnumText.Policy, allowIntegerValues: false)
    where TEnum : struct, Enum;

/// <summary>
/// <see cref="EnumTextJsonConverter{TEnum}"/> for an enum that was once stored as its number: writes the text, reads the text
/// or the number (rows written before the enum had its text).
/// </summary>
public sealed class EnumTextOrNumberJsonConverter<TEnum>() : JsonStringEnumConverter<TEnum>(EnumText.Policy, allowIntegerValues: true)
    where TEnum : struct, Enum;
