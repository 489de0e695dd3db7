using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Archive.Api.Extensions;
using Archive.Data;
using Archive.Data.Entities;
using Archive.Engine;
using Archive.Engine.Extraction;
using Archive.Engine.Text;
using Archive.Fetching;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Api.Log;

/// <summary>
/// <c>POST /api/verify</c>: a reader sent a text (or a page, or a hash) asks which captures the log holds of it. A text is
/// hashed as the archive hashes clean texts; a file is matched on its raw bytes and, if it is text or an HTML page, on its
/// (extracted) clean text. The answer lists the logged captures and the text's first sighting in the log.
/// </summary>
internal static partial class HashLookup
{
    public const int MaxFileBytes = 10 * 1024 * 1024;
    private const int MaxMatches = 100;

    public static async Task<Results<Ok<HashLookupResponse>, ProblemHttpResult>> LookupAsync(HttpRequest request, LogStore store,
        PageProcessor processor, CancellationToken ct)
    {
        var (contentHash, rawHash, problem) = request.HasFormContentType
            ? await FromFileAsync(request, processor, ct)
            : request.HasJsonContentType() ? await FromJsonAsync(request, ct)
            : (null, null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send JSON or a file.",
                detail: "POST application/json {\"text\"|\"contentHash\"|\"rawHash\"}, or multipart/form-data with a file field."));
        if (problem is not null)
        {
            return problem;
        }
        var entries = await store.CapturesWithAsync(Hex(contentHash), Hex(rawHash), MaxMatches, ct);
        var first = contentHash is null ? null : await store.FirstSeenAsync(Hex(contentHash)!, ct);
        return TypedResults.Ok(new HashLookupResponse(contentHash, rawHash, [.. entries.Select(e => ToMatch(e, contentHash, rawHash))],
            first is null ? null : ToMatch(first, contentHash, null)));
    }

    private static async Task<(string?, string?, ProblemHttpResult?)> FromJsonAsync(HttpRequest request, CancellationToken ct)
    {
        HashLookupRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<HashLookupRequest>(ct);
        }
        catch (JsonException e)
        {
            return (null, null, Problems.BadRequest("The body is not valid JSON.", e.Message));
        }
        if (body is null || (body.Text is null && body.ContentHash is null && body.RawHash is null))
        {
            return (null, null, Problems.BadRequest("Nothing to look up.", "Give text, contentHash or rawHash."));
        }
        if (body.Text is not null && body.ContentHash is not null)
        {
            return (null, null, Problems.BadRequest("Give text or contentHash, not both.", "A text is looked up by its content hash."));
        }
        foreach (var (name, value) in new[] { ("contentHash", body.ContentHash), ("rawHash", body.RawHash) })
        {
            if (value is not null && !Sha256().IsMatch(value))
            {
                return (null, null, Problems.BadRequest($"{name} is not a SHA-256 hash.", $"Write it sha256:<64 hex digits>, not '{value}'."));
            }
        }
        var contentHash = body.Text is not null ? ContentHash.OfText(body.Text).ToString() : body.ContentHash?.ToLowerInvariant();
        return (contentHash, body.RawHash?.ToLowerInvariant(), null);
    }

    private static async Task<(string?, string?, ProblemHttpResult?)> FromFileAsync(HttpRequest request, PageProcessor processor,
        CancellationToken ct)
    {
        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null);
        if (file is null)
        {
            return (null, null, Problems.BadRequest("No file.", "Send the file in a multipart/form-data field named file."));
        }
        if (file.Length > MaxFileBytes)
        {
            return (null, null, TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The file is too large.",
                detail: $"Files up to {MaxFileBytes / (1024 * 1024)} MiB are looked up."));
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        var rawHash = ContentHash.OfBytes(bytes).ToString();
        string? text = null;
        if (HtmlSniffer.LooksLikeHtml(bytes))
        {
            // The engine's one entry, as ingest runs it: the clean text hashed here is the one a capture of the page logs.
            try
            {
                text = processor.Process(bytes, file.ContentType, null).Article.Text;
            }
            catch (PageTooComplexException tooComplex)
            {
                return (null, null, Problems.TooComplex(tooComplex.Message));
            }
        }
        else
        {
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                // Not text: only the raw bytes can match.
            }
        }
        return (string.IsNullOrWhiteSpace(text) ? null : ContentHash.OfText(text).ToString(), rawHash, null);
    }

    private static HashMatch ToMatch(LogEntry entry, string? contentHash, string? rawHash)
    {
        using var document = JsonDocument.Parse(entry.Entry);
        var fields = document.RootElement;
        string Field(string name) => fields.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        var byText = contentHash is not null && Field("contentHash") == contentHash;
        var byRaw = rawHash is not null && Field("rawHash") == rawHash;
        return new HashMatch(entry.Index, byText && byRaw ? "text-and-raw" : byText ? "text" : "raw", entry.CaptureId!.Value,
            Guid.Parse(Field("articleId")), Guid.Parse(Field("versionId")), Field("finalUrl"), Field("capturedAt"), Field("receivedAt"), Field("source"));
    }

    private static string? Hex(string? prefixed) => prefixed?[ContentHash.Prefix.Length..];

    [GeneratedRegex("^sha256:[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256();
}
