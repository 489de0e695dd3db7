using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Api.Extensions;

internal static class Problems
{
    public static ProblemHttpResult NotFound(string what, object id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found.",
            detail: $"No {what.ToLowerInvariant()} has the id or URL '{id}'.");

    public static ProblemHttpResult BadRequest(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);

    /// <summary>A 400 shaped as every validation problem is: <c>errors</c> maps the field, as the request names it, to what is wrong.</summary>
    public static ProblemHttpResult Invalid(string field, string message) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid.", detail: message,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    /// <summary>A page the engine cannot process within its bounds; the same reason a fetched job fails with.</summary>
    public static ProblemHttpResult TooComplex(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The page is too complex to archive.",
            detail: detail, extensions: new Dictionary<string, object?> { ["reason"] = Data.Entities.JobFailureReason.TooComplex });
}
