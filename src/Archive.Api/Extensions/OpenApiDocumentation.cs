using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Archive.Api.Extensions;

/// <summary>
/// What the generated OpenAPI document cannot learn from the handlers: the X-Api-Key scheme, and the problem responses
/// (RFC 9457) every operation may give besides its typed successes.
/// </summary>
internal static class OpenApiDocumentation
{
    private const string SchemeName = "ApiKey";
    private const string ProblemSchema = "Problem";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "An API key (POST /api/keys). Reads need none unless Access:ReadsRequireKey; writes need a submitter " +
                    "key, except from this machine in open local mode (no key exists yet).",
            };
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas[ProblemSchema] = Problem();
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] });
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            operation.Responses ??= new OpenApiResponses();
            var description = context.Description;
            var read = description.HttpMethod is "GET" or "HEAD";
            if (description.ParameterDescriptions.Count > 0)
            {
                Declare(operation, "400", "The request is not valid: errors maps each field, as the request names it, to what is wrong.");
            }
            Declare(operation, "401", "A key is required, or the X-Api-Key sent is unknown or revoked.");
            if (!read)
            {
                Declare(operation, "403", "The key's role does not allow this.");
            }
            if (description.RelativePath?.Contains('{', StringComparison.Ordinal) == true)
            {
                Declare(operation, "404", "Nothing has that id (or URL, or domain).");
            }
            Declare(operation, "429", "Too many requests: Retry-After says in how many seconds to try again.");
            Declare(operation, "500", "The service failed; nothing stored was changed.");
            return Task.CompletedTask;
        });
    }

    /// <summary>A problem response (RFC 9457) the operation may give, unless it declares that status already.</summary>
    internal static void Declare(OpenApiOperation operation, string status, string description)
    {
        operation.Responses ??= new OpenApiResponses();
        if (operation.Responses.ContainsKey(status))
        {
            return;
        }
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema) },
            },
        };
    }

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "For a 400: each field, named as the request names it (url, urls[2], page), with what is wrong with it.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };
}
