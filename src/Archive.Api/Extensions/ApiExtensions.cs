using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Scalar.AspNetCore;

namespace Archive.Api.Extensions;

internal static class ApiExtensions
{
    public static IHostApplicationBuilder AddApiDefaults(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Type ??= c.ProblemDetails.Status switch
        {
            // Statuses ASP.NET Core has no default type link for.
            StatusCodes.Status413PayloadTooLarge => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
            StatusCodes.Status429TooManyRequests => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
            _ => null,
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
            o.SerializerOptions.Converters.Add(new UtcDateTimeOffsetConverter());
        });
        // Singletons: a validator holds its rules and nothing of a request (its dependencies are singletons too), and one made
        // per request built its rules' expression trees and accessors on every upload (docs/performance.md, svc35).
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);
        // Errors name fields as the request does (url, urls[2]), not as C# does (Url, Urls[2]).
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        services.AddOpenApi(OpenApiDocumentation.Configure);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<ServerTiming>();
        services.AddOptions<ServerTimingOptions>().BindConfiguration("ServerTiming");
        services.AddHostedService<NativeHeapTrimmer>();
        return builder;
    }

    public static WebApplication UseApiDefaults(this WebApplication app)
    {
        app.UseHeadAsGet();
        // Explicitly after HEAD becomes GET: otherwise routing runs first and answers HEAD with 405.
        app.UseRouting();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStorableText();
        // Documentation and liveness stay public even when reads need a key (Access:ReadsRequireKey).
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/docs").AllowAnonymous();
        app.MapHealthChecks("/health").AllowAnonymous();
        return app;
    }
}
