using Archive.Data.Stores;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Archive.Api.Captures;

internal static class CapturesExtensions
{
    /// <summary>Submissions and uploads, and the reads of jobs, batches and raw captures.</summary>
    public static IHostApplicationBuilder AddCaptures(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CaptureOptions>().BindConfiguration("Captures")
            .Validate(o => o.ReuseWindow >= TimeSpan.Zero, "Captures:ReuseWindow may not be negative (zero turns reuse off).")
            .ValidateOnStart();
        builder.Services.AddScoped<SubmissionReads>();
        builder.Services.AddScoped<Submissions>();
        // Routing answers 415 to a body that is neither form; its problem says which two there are.
        builder.Services.PostConfigure<ProblemDetailsOptions>(o =>
        {
            var before = o.CustomizeProblemDetails;
            o.CustomizeProblemDetails = c =>
            {
                before?.Invoke(c);
                var request = c.HttpContext.Request;
                if (c.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && HttpMethods.IsPost(request.Method)
                    && request.Path.Value?.TrimEnd('/') == "/api/captures")
                {
                    c.ProblemDetails.Detail = $"POST /api/captures takes JSON (application/json: url, and html to upload a page) or " +
                        $"the page itself ({string.Join(" or ", PageBody.MediaTypes)}, with url and capturedAt in the query), " +
                        $"not {(request.ContentType is { Length: > 0 } type ? RawCaptureHeaders.Normalise(type) : "a body without a Content-Type")}.";
                }
            };
        });
        // JSON's html is bound by a converter of its own (UploadedHtmlJsonConverter), which the document cannot see through:
        // it is a string (or null, for a URL to fetch).
        builder.Services.Configure<OpenApiOptions>("v1", o => o.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(UploadedPage))
            {
                schema.Type = JsonSchemaType.Null | JsonSchemaType.String;
            }
            return Task.CompletedTask;
        }));
        return builder;
    }
}
