using System.Text.Json;
using System.Text.Json.Serialization;

namespace Archive.Api.Captures;

/// <summary>
/// An <see cref="UploadedPage"/> as JSON is its HTML as a string (<see cref="CaptureRequest.Html"/>), read as the page's UTF-8
/// bytes (<see cref="UploadedPage.OfJson"/>). Anything but a string is refused as the string converter refuses it: a value
/// the serializer could not convert, named by its path. The upload's html is usually unescaped before the binder runs
/// (<see cref="JsonHtmlValue"/>): then the converter takes that page.
/// </summary>
internal sealed class UploadedHtmlJsonConverter : JsonConverter<UploadedPage>
{
    public override UploadedPage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType != JsonTokenType.String ? throw new JsonException()
            // The page unescaped before the binder ran, whose value the reader sees as spaces (JsonHtmlValue).
            : JsonHtmlValue.TakeOffered() ?? UploadedPage.OfJson(ref reader);

    public override void Write(Utf8JsonWriter writer, UploadedPage value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.Bytes.Span);
    }
}
