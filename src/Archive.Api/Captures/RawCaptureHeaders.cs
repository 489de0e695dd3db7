using Microsoft.Net.Http.Headers;

namespace Archive.Api.Captures;

/// <summary>
/// How captured bytes leave the archive: as an opaque download that no browser renders, sniffs or runs on the archive's
/// origin. A captured page's scripts would otherwise run with the archive's cookies and API, so the bytes are served as
/// application/octet-stream, as an attachment, in a sandbox with nothing allowed; the type the origin declared travels in
/// X-Archive-Content-Type (normalised, so a malformed origin header is never echoed back).
/// </summary>
internal static class RawCaptureHeaders
{
    public const string ServedType = "application/octet-stream";
    public const string OriginalTypeHeader = "X-Archive-Content-Type";
    public const string Policy = "sandbox; default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public static void Apply(IHeaderDictionary headers, Guid captureId, string? contentType)
    {
        headers.ContentDisposition = $"attachment; filename=\"capture-{captureId}.{Extension(contentType)}\"";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = Policy;
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers[OriginalTypeHeader] = Normalise(contentType);
    }

    /// <summary>The media type (and charset) of a Content-Type value, or application/octet-stream when it does not parse.</summary>
    public static string Normalise(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType.Value is not { } media
            || media.Contains('*', StringComparison.Ordinal) || !IsToken(media))
        {
            return ServedType;
        }
        var charset = parsed.Charset.Value?.Trim('"');
        return charset is { Length: > 0 } && IsToken(charset)
            ? $"{media.ToLowerInvariant()}; charset={charset.ToLowerInvariant()}"
            : media.ToLowerInvariant();
    }

    /// <summary>The media type alone (lower case, no parameters) of a Content-Type value, as <see cref="Normalise"/> reads it.</summary>
    public static string MediaType(string? contentType)
    {
        var normal = Normalise(contentType);
        var end = normal.IndexOf(';', StringComparison.Ordinal);
        return end < 0 ? normal : normal[..end];
    }

    private static string Extension(string? contentType) => MediaType(contentType) switch
    {
        "text/html" => "html",
        "application/xhtml+xml" => "xhtml",
        "text/plain" => "txt",
        _ => "bin",
    };

    private static bool IsToken(string value) =>
        value.Length <= 127 && value.All(c => c is > ' ' and < '\u007f' and not (',' or ';' or '"' or '\\' or '(' or ')' or '<' or '>' or '@' or ':' or '[' or ']' or '?' or '=' or '{' or '}'));
}
