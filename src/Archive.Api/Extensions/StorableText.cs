namespace Archive.Api.Extensions;

/// <summary>
/// PostgreSQL text cannot hold U+0000, so a NUL anywhere in a path or query value can never match anything stored and
/// would only fail in the database (SQLSTATE 22021) as a 500. Such requests are refused up front as 400, and any that
/// still reaches the database the same way is answered as 400 by <see cref="IsUnstorableText"/>.
/// </summary>
internal static class StorableText
{
    public static IApplicationBuilder UseStorableText(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var request = http.Request;
        if (request.Path.Value?.Contains('\0', StringComparison.Ordinal) == true
            || request.Query.Any(q => q.Key.Contains('\0', StringComparison.Ordinal) || q.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails =
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The request holds a NUL character.",
                    Detail = "No path or query value may contain U+0000 (%00).",
                },
            });
            return;
        }
        await next(http);
    });

    /// <summary>Text PostgreSQL refuses to store or compare: NUL, or a character outside the database's encoding.</summary>
    public static bool IsUnstorableText(Exception exception) => Data.PostgresErrors.IsUnstorableText(exception);
}
