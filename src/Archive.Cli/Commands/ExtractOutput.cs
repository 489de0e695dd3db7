using System.Text.Encodings.Web;
using System.Text.Json;
using Archive.Engine.Extraction;

namespace Archive.Cli.Commands;

/// <summary>The two output shapes of <c>archive extract</c>.</summary>
internal static class ExtractOutput
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions LineOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static void WriteBenchmark(Stream output, IEnumerable<(string Id, ExtractedArticle Article)> results)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions with { Indented = true });
        writer.WriteStartObject();
        foreach (var (id, article) in results)
        {
            var metadata = article.Metadata;
            writer.WriteStartObject(id);
            writer.WriteString("articleBody", article.Text);
            writer.WriteString("title", metadata.Title);
            writer.WriteString("byline", metadata.Byline);
            writer.WriteString("publishedAt", metadata.PublishedAt?.ToString("O"));
            writer.WriteString("language", metadata.Language);
            writer.WriteString("publisher", metadata.PublisherName);
            writer.WriteString("canonicalUrl", metadata.CanonicalUrl);
            writer.WriteStartArray("warnings");
            foreach (var warning in article.Warnings)
            {
                writer.WriteStringValue(warning);
            }
            writer.WriteEndArray();
            if (article.Confidence is { } confidence)
            {
                writer.WriteNumber("confidence", confidence);
            }
            writer.WriteEndObject();
            // Each page goes out as it is done: the writer holds one page, not the batch.
            writer.Flush();
        }
        writer.WriteEndObject();
        writer.Flush();
        output.WriteByte((byte)'\n');
    }

    public static void WriteJsonLines(Stream output,
        IEnumerable<(string Id, string Path, Engine.Text.ContentHash? ContentHash, ExtractedArticle Article)> results)
    {
        foreach (var (id, path, hash, article) in results)
        {
            JsonSerializer.Serialize(output, new { id, path, contentHash = hash?.ToString(), article }, LineOptions);
            output.WriteByte((byte)'\n');
        }
    }
}
