using Microsoft.AspNetCore.Diagnostics;

namespace Archive.Api.Extensions;

/// <summary>Turns unreadable request bodies (malformed JSON, wrong types) and text PostgreSQL cannot store into 400 problem
/// details that say what was wrong.</summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (StorableText.IsUnstorableText(exception))
        {
            httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails =
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The request holds text the archive cannot store.",
                    Detail = "A value contains U+0000 or a character PostgreSQL cannot store.",
                },
            });
        }
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        httpContext.Response.StatusCode = bad.StatusCode;
        var (detail, errors) = BindingProblems.Explain(bad);
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = bad.StatusCode,
            Title = "The request could not be read.",
            Detail = detail,
        };
        // Not the exception: its message names C# types, and the problem service would copy it in development.
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }
}
