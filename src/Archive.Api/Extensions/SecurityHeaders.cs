namespace Archive.Api.Extensions;

/// <summary>
/// Headers every response carries, set before the endpoint runs so problem details, 404s and 429s have them too: no MIME
/// sniffing anywhere (a browser must never guess that captured bytes are a page), no framing of the API by other sites,
/// and for the API documentation a policy of its own, since Scalar's page needs its bundled script and nothing else.
/// Reader pages, Memento pages and raw captures set stricter policies of their own.
/// </summary>
internal static class SecurityHeaders
{
    public const string DocsPolicy = "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>Everything else answers JSON, CSV or files, which never need to run or load anything.</summary>
    public const string DefaultPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        // On starting, not now: the exception handler clears headers before it writes its problem, and endpoints that
        // set a stricter policy of their own (reader, Memento, raw captures) keep it.
        http.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (!headers.ContainsKey("X-Frame-Options"))
            {
                headers.XFrameOptions = "DENY";
            }
            if (!headers.ContainsKey("Content-Security-Policy"))
            {
                headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/docs") ? DocsPolicy : DefaultPolicy;
            }
            return Task.CompletedTask;
        }, http);
        return next(http);
    });
}
