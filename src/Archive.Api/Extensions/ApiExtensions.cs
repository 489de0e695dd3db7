using System.Text.Json;
using System.Text.Json.Serialization;
using Archive.Api.Ingestion;
using Archive.Engine.Extraction;
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
        services.AddValidatorsFromAssemblyContaining<Program>(includeInternalTypes: true);
        // Errors name fields as the request does (url, urls[2]), not as C# does (Url, Urls[2]).
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        services.AddOpenApi(OpenApiDocumentation.Configure);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<ServerTiming>();
        return builder;
    }

    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        // Extraction:MaxNesting, MaxNodes, MaxChildren, MaxTreeDepth, MaxTextChars, ParseBudget bound the work one page may cost.
        var limits = builder.Configuration.GetSection("Extraction").Get<ExtractionLimits>() ?? ExtractionLimits.Default;
        builder.Services.AddSingleton(limits);
        builder.Services.AddSingleton(new ArticleExtractor(limits));
        builder.Services.AddOptions<ExtractionRunnerOptions>().BindConfiguration("Extraction");
        builder.Services.AddSingleton<ExtractionRunner>();
        builder.Services.AddOptions<PageBudgetOptions>().BindConfiguration("Ingestion");
        builder.Services.AddSingleton<PageBudget>();
        builder.Services.AddScoped<Archive.Data.Stores.PublisherStore>();
        builder.Services.AddScoped<PublisherResolver>();
        builder.Services.AddScoped<Archive.Data.Stores.ArticleStore>();
        builder.Services.AddScoped<CaptureIngestor>();
        builder.Services.AddScoped<Lineage.LineageService>();
        builder.Services.AddScoped<Lineage.LineageMembers>();
        builder.Services.AddScoped<Archive.Data.Lineage.LineageEvidenceStore>();
        builder.Services.AddScoped<Archive.Data.Lineage.LineageStore>();
        builder.Services.AddOptions<Lineage.LineageOptions>().BindConfiguration("Lineage");
        builder.Services.AddSingleton<Lineage.LineageSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Lineage.LineageSweeper>());
        builder.Services.AddScoped<Lineage.LineageReader>();
        builder.Services.AddScoped<Audit.AuditQueries>();
        builder.Services.AddScoped<Articles.ArticleReader>();
        builder.Services.AddSingleton<Articles.ArticleCache>();
        builder.Services.AddHostedService<Articles.ArticleCacheListener>();
        var cacheDuration = builder.Configuration.GetValue("Articles:CacheDuration", TimeSpan.FromMinutes(5));
        builder.Services.AddOutputCache(o => o.AddPolicy(Articles.ArticleCache.PolicyName, new Articles.ArticleCachePolicy(cacheDuration)));
        builder.Services.AddScoped<Archive.Data.Stores.JobStore>();
        builder.Services.AddScoped<Jobs.JobQueue>();
        builder.Services.AddScoped<Archive.Data.Stores.SubmissionReads>();
        builder.Services.AddScoped<Archive.Data.Stores.ArticleListReads>();
        builder.Services.AddSingleton<Jobs.JobSignal>();
        builder.Services.AddOptions<Jobs.JobQueueOptions>().BindConfiguration("Jobs");
        builder.Services.AddOptions<Captures.CaptureOptions>().BindConfiguration("Captures");
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
