namespace Archive.Api.Reader;

/// <summary>
/// Every reader response: a CSP that allows no script at all (the pages need none) and styles and images only from this
/// origin, no framing, no MIME sniffing, and no referrer sent to the outlets an article links to.
/// </summary>
internal sealed class ReaderHeaders : IEndpointFilter
{
    public const string Policy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; " +
        "base-uri 'none'";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        Apply(context.HttpContext.Response.Headers);
        return next(context);
    }

    public static void Apply(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
    }
}
