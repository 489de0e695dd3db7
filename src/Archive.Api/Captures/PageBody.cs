using System.Buffers;
using Archive.Fetching;
using FluentValidation;
using Microsoft.OpenApi;

namespace Archive.Api.Captures;

/// <summary>
/// The query of an upload whose body is the page itself (<c>POST /api/captures?url=…</c> with <c>Content-Type: text/html</c>):
/// what the JSON form carries beside <c>html</c>, and nothing else.
/// </summary>
public sealed record PageUploadRequest(string? Url, DateTimeOffset? CapturedAt);

internal sealed class PageUploadRequestValidator : AbstractValidator<PageUploadRequest>
{
    public PageUploadRequestValidator(TimeProvider time)
    {
        // As for JSON's html: the URL only names the page, it is not fetched.
        RuleFor(r => r.Url).Custom((url, context) =>
        {
            if (UrlRules.Explain(url) is { } problem)
            {
                context.AddFailure(problem);
            }
        });
        RuleFor(r => r.CapturedAt).WithinTheWeb(time);
    }
}

/// <summary>Reading the page's bytes from a request body, never more than <see cref="CaptureRequestValidator.MaxHtmlBytes"/>.</summary>
internal static class PageBody
{
    /// <summary>The media types a page may be sent as; anything else is the JSON form or a 415.</summary>
    public static readonly string[] MediaTypes = ["text/html", "application/xhtml+xml"];

    /// <summary>What a body with a declared length is first read into: above most real pages (mean ~174 KiB).</summary>
    internal const int FirstRead = 256 * 1024;

    /// <summary>Kestrel's words for a body over its limit, so both refusals read the same.</summary>
    private static readonly string TooLarge = $"Request body too large. The max request body size is {CaptureRequestValidator.MaxHtmlBytes} bytes.";

    /// <summary>
    /// The body's bytes exactly, as an upload of <paramref name="contentType"/>. A declared length over the limit is refused
    /// before a byte is read; a body without one is read until it passes the limit and refused there (Kestrel does the same,
    /// from the endpoint's size limit, for any earlier reader such as the idempotency hash). Refusals are Kestrel's 413,
    /// answered as every unreadable body is.
    /// </summary>
    /// <remarks>A declared body up to <see cref="UploadedPage.PooledBytes"/> is read into buffers from the shared pool, which
    /// the page gives back when it is disposed (see <see cref="UploadedPage"/>).</remarks>
    /// <exception cref="BadHttpRequestException">The body is over the limit (413) or ended early.</exception>
    public static async Task<UploadedPage> ReadAsync(HttpRequest request, string contentType, CancellationToken ct)
    {
        const int max = CaptureRequestValidator.MaxHtmlBytes;
        if (request.ContentLength is { } length)
        {
            if (length > max)
            {
                throw new BadHttpRequestException(TooLarge, StatusCodes.Status413PayloadTooLarge);
            }
            return await ReadDeclaredAsync(request.Body, (int)length, contentType, ct);
        }
        using var copy = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (copy.Length + read > max)
            {
                throw new BadHttpRequestException(TooLarge, StatusCodes.Status413PayloadTooLarge);
            }
            copy.Write(chunk, 0, read);
        }
        return UploadedPage.OfBytes(copy.ToArray(), contentType);
    }

    /// <summary>
    /// Grown as the bytes arrive (doubling, up to the declared length), so a client that declares 10 MiB and sends a trickle
    /// holds about what it sent, not 10 MiB from its first byte. Up to <see cref="UploadedPage.PooledBytes"/> the buffers are
    /// rented (a pooled buffer may be longer than asked; only the declared length is read into it); past that, arrays of
    /// their own, the last one exactly the body's length.
    /// </summary>
    private static async Task<UploadedPage> ReadDeclaredAsync(Stream body, int length, string contentType, CancellationToken ct)
    {
        var size = Math.Min(length, FirstRead);
        var buffer = Buffer(size);
        var filled = 0;
        try
        {
            while (true)
            {
                await body.ReadExactlyAsync(buffer.AsMemory(filled, size - filled), ct);
                filled = size;
                if (filled == length)
                {
                    var page = size <= UploadedPage.PooledBytes ? UploadedPage.OfRented(buffer, length, contentType) : UploadedPage.OfBytes(buffer, contentType);
                    buffer = null;
                    return page;
                }
                size = (int)Math.Min(length, 2L * filled);
                var larger = Buffer(size);
                buffer.AsSpan(0, filled).CopyTo(larger);
                Release(buffer);
                buffer = larger;
            }
        }
        finally
        {
            if (buffer is not null)
            {
                Release(buffer);
            }
        }

        static byte[] Buffer(int size) => size <= UploadedPage.PooledBytes ? ArrayPool<byte>.Shared.Rent(size) : new byte[size];

        // Only a rented buffer is at most PooledBytes long: Buffer rents every size up to it, and the pool's are powers of two.
        static void Release(byte[] buffer)
        {
            if (buffer.Length <= UploadedPage.PooledBytes)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Whether the page is nothing but whitespace after a byte-order mark, in any encoding a page can be in (NULs are the
    /// other half of a UTF-16 or UTF-32 space): the JSON form's "empty" for text, without decoding the page to know it.
    /// </summary>
    public static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        var bom = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3
            : bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ? 2 : 0;
        return bytes[bom..].IndexOfAnyExcept(Blank) < 0;
    }

    private static readonly SearchValues<byte> Blank = SearchValues.Create(" \t\n\r\f\0"u8);

    /// <summary>Lifts Kestrel's body limit to the page limit for an endpoint that reads a page as its body.</summary>
    public static RouteHandlerBuilder AcceptsPage(this RouteHandlerBuilder endpoint) => endpoint
        .Accepts<Stream>(MediaTypes[0], MediaTypes[1..])
        .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(CaptureRequestValidator.MaxHtmlBytes));

    /// <summary>
    /// The OpenAPI document holds one operation per route and method, and the two forms are two endpoints: the JSON
    /// endpoint's operation (mapped after the page form's, so it is the one kept) describes the page body and its query too.
    /// </summary>
    public static RouteHandlerBuilder DocumentsPageForm(this RouteHandlerBuilder json) => json.AddOpenApiOperationTransformer((operation, _, _) =>
    {
        if (operation.RequestBody?.Content is { } content)
        {
            foreach (var type in MediaTypes)
            {
                content[type] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The page's bytes, stored as sent." },
                };
            }
        }
        operation.Parameters ??= [];
        operation.Parameters.Add(Query("url", "string", null,
            "With a page body (text/html, application/xhtml+xml) only, and then required: the URL the page was captured from."));
        operation.Parameters.Add(Query("capturedAt", "string", "date-time",
            "With a page body only: when the page was captured (default: now). The same bytes of the same url at the same time are one upload."));
        Extensions.OpenApiDocumentation.Declare(operation, "413", "A page body over 10 MiB, refused before it is read further.");
        Extensions.OpenApiDocumentation.Declare(operation, "415", "The body is neither JSON nor a page (text/html, application/xhtml+xml).");
        return Task.CompletedTask;
    });

    private static OpenApiParameter Query(string name, string type, string? format, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Description = description,
        Schema = new OpenApiSchema { Type = type == "string" ? JsonSchemaType.String : JsonSchemaType.Null, Format = format },
    };
}
