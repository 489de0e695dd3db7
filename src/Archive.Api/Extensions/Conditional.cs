using Microsoft.Net.Http.Headers;

namespace Archive.Api.Extensions;

/// <summary>Conditional GETs (RFC 9110 §13): whether a request's If-None-Match already holds the current entity tag.</summary>
internal static class Conditional
{
    public static bool NoneMatch(HttpRequest request, string etag)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }
        var current = EntityTagHeaderValue.Parse(etag);
        return EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)
            && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: false));
    }
}

/// <summary>
/// HEAD for every GET endpoint (RFC 9110 §9.3.2): routing sees HEAD as GET, so the same handler answers with the same
/// status and headers; Kestrel knows the request was HEAD and sends no body.
/// </summary>
internal static class HeadRequests
{
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if (HttpMethods.IsHead(http.Request.Method))
        {
            http.Request.Method = HttpMethods.Get;
            http.Response.Body = Stream.Null;
        }
        return next(http);
    });
}

/// <summary>
/// Gives a GET's 200 answer an entity tag derived from its representation (so it changes whenever the current version or
/// anything shown with it changes) and answers If-None-Match with 304 when the caller already has it.
/// </summary>
internal sealed class ETagFilter(Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        // Results<A, B> wraps the result the handler chose.
        var chosen = result is INestedHttpResult nested ? nested.Result : result;
        byte[]? representation = chosen switch
        {
            Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult { StatusCode: null or 200 } text => System.Text.Encoding.UTF8.GetBytes(text.ResponseContent ?? ""),
            IStatusCodeHttpResult { StatusCode: 200 } and IValueHttpResult { Value: { } value } =>
                System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), json.Value.SerializerOptions),
            _ => null,
        };
        if (representation is null)
        {
            return result;
        }
        var etag = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(representation))[..32]}\"";
        var http = context.HttpContext;
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "no-cache"; // may be stored, but asked again (cheaply, with If-None-Match) each time
        return Conditional.NoneMatch(http.Request, etag) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : result;
    }
}

internal static class ETagFilterExtensions
{
    public static TBuilder WithETag<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, ETagFilter>();
}
