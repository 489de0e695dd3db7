using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Archive.Api.Extensions;

/// <summary>
/// One notation for times everywhere the service writes them (JSON, CSV, headers it invents): UTC with a <c>Z</c>, as
/// precise as the value and no more — <c>2019-11-14T17:11:00Z</c>, not <c>2019-11-14T17:11:00.0000000+00:00</c>.
/// </summary>
internal static class UtcTime
{
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static string? Format(DateTimeOffset? value) => value is { } v ? Format(v) : null;
}

/// <summary>Writes <see cref="DateTimeOffset"/> as <see cref="UtcTime"/>; reads any ISO 8601 offset.</summary>
internal sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(UtcTime.Format(value));
    }
}
