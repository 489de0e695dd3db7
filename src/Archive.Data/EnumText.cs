using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Archive.Data;

/// <summary>
/// The one string policy for enums: kebab-case, as the API's JSON converter writes them (<c>JobState.Fetching</c> is
/// <c>fetching</c>). Columns store the same text, and statements that name a state pass it as a parameter from here.
/// </summary>
public static class EnumText
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Names<TEnum>.Texts[value];

    public static TEnum Parse<TEnum>(string text) where TEnum : struct, Enum =>
        Names<TEnum>.Values.TryGetValue(text, out var value) ? value : throw new FormatException($"'{text}' is not a {typeof(TEnum).Name}.");

    private static class Names<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> Texts =
            Enum.GetValues<TEnum>().ToDictionary(v => v, v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()));

        public static readonly Dictionary<string, TEnum> Values = Texts.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);
    }
}

internal sealed class EnumTextConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => EnumText.Of(value),
    text => EnumText.Parse<TEnum>(text))
    where TEnum : struct, Enum;
