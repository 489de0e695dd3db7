using Archive.Api.Extensions;
using Archive.Data.Stores;
using Archive.Engine;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Api.Export;

/// <summary>WARC, CDXJ and WACZ exports of an article, a publisher or a period, streamed as they are written.</summary>
internal static class ExportApi
{
    private enum Format
    {
        Warc,
        Cdxj,
        Wacz,
    }

    public static IHostApplicationBuilder AddExport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ExportStore>();
        builder.Services.AddScoped<WarcExporter>();
        builder.Services.AddSingleton<WaczSigningKey>();
        builder.Services.AddScoped<ProvenanceWriter>();
        builder.Services.AddScoped<ProvenanceReads>();
        return builder;
    }

    public static IEndpointRouteBuilder MapExport(this IEndpointRouteBuilder routes)
    {
        var articles = routes.MapGroup("/api/articles/{id:guid}").WithTags("Export");
        foreach (var format in Enum.GetValues<Format>())
        {
            var name = EnumText.Of(format);
            articles.MapGet($"/{name}", (Guid id, Guid? version, ExportStore store, WarcExporter exporter, HttpContext http, CancellationToken ct) =>
                    ArticleAsync(id, version, format, store, exporter, http, ct))
                .WithSummary($"Every capture of the article (or ?version=) as {Describe(format)}.");
        }
        articles.MapGet("/provenance", ProvenanceApi.GetAsync)
            .WithSummary("The article's provenance as W3C PROV-O in JSON-LD: captures, versions, clean text, activities and agents.");

        var publishers = routes.MapGroup("/api/publishers/{id:guid}").WithTags("Export");
        foreach (var format in Enum.GetValues<Format>())
        {
            var name = EnumText.Of(format);
            publishers.MapGet($"/{name}", (Guid id, ExportStore store, WarcExporter exporter, HttpContext http, CancellationToken ct) =>
                    PublisherAsync(id, format, store, exporter, http, ct))
                .WithSummary($"Every capture of the publisher's articles as {Describe(format)}.");
        }

        var period = routes.MapGroup("/api/export").WithTags("Export");
        foreach (var format in Enum.GetValues<Format>())
        {
            var name = EnumText.Of(format);
            period.MapGet($"/{name}", (DateTimeOffset? from, DateTimeOffset? to, Guid? publisher, ExportStore store, WarcExporter exporter,
                    HttpContext http, CancellationToken ct) => PeriodAsync(from, to, publisher, format, store, exporter, http, ct))
                .WithSummary($"Every capture captured in [from, to) (optionally of one publisher) as {Describe(format)}.");
        }
        period.MapGet("/signing-key", (WaczSigningKey key) => TypedResults.Text(key.PublicKeyPem, "application/x-pem-file"))
            .WithSummary("The public key (SPKI PEM) that verifies the signature in every WACZ this service writes.");
        return routes;
    }

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ArticleAsync(Guid id, Guid? version, Format format,
        ExportStore store, WarcExporter exporter, HttpContext http, CancellationToken ct)
    {
        if (!await store.ArticleExistsAsync(id, ct))
        {
            return Problems.NotFound("Article", id);
        }
        if (version is { } v && !await store.VersionExistsAsync(id, v, ct))
        {
            return Problems.NotFound("Article version", v);
        }
        var name = version is null ? $"article-{id}" : $"article-{id}-version-{version}";
        return Stream(new ExportSelection(ArticleId: id, VersionId: version), name, $"Article {id}", format, exporter, http);
    }

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> PublisherAsync(Guid id, Format format, ExportStore store,
        WarcExporter exporter, HttpContext http, CancellationToken ct)
    {
        if (!await store.PublisherExistsAsync(id, ct))
        {
            return Problems.NotFound("Publisher", id);
        }
        return Stream(new ExportSelection(PublisherId: id), $"publisher-{id}", $"Publisher {id}", format, exporter, http);
    }

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> PeriodAsync(DateTimeOffset? from, DateTimeOffset? to,
        Guid? publisher, Format format, ExportStore store, WarcExporter exporter, HttpContext http, CancellationToken ct)
    {
        if (from is not null && to is not null && from >= to)
        {
            return Problems.BadRequest("The period is empty.", $"from ({from:O}) must be earlier than to ({to:O}).");
        }
        if (publisher is { } p && !await store.PublisherExistsAsync(p, ct))
        {
            return Problems.NotFound("Publisher", p);
        }
        var name = $"archive-{from?.UtcDateTime:yyyyMMddHHmmss}-{to?.UtcDateTime:yyyyMMddHHmmss}".Replace("--", "-", StringComparison.Ordinal);
        return Stream(new ExportSelection(PublisherId: publisher, From: from, To: to), name.TrimEnd('-'), "Archive export", format, exporter, http);
    }

    private static PushStreamHttpResult Stream(ExportSelection selection, string baseName, string title, Format format, WarcExporter exporter,
        HttpContext http)
    {
        var ct = http.RequestAborted;
        var warcName = baseName + ".warc.gz";
        return format switch
        {
            Format.Warc => TypedResults.Stream(body => exporter.WriteWarcAsync(selection, warcName, body, ct), "application/warc", warcName),
            Format.Cdxj => TypedResults.Stream(body => exporter.WriteCdxjAsync(selection, warcName, body, ct), "text/plain; charset=utf-8",
                baseName + ".cdxj"),
            _ => TypedResults.Stream(body => exporter.WriteWaczAsync(selection, title, body, ct), "application/wacz", baseName + ".wacz"),
        };
    }

    private static string Describe(Format format) => format switch
    {
        Format.Warc => "WARC 1.1 (gzip member per record; response, request, metadata and conversion records)",
        Format.Cdxj => "a CDXJ index of the WARC export of the same selection",
        _ => "a signed WACZ 1.1.1 package",
    };
}
