using System.Globalization;
using System.Text;
using System.Text.Json;
using Archive.Api.Extensions;
using Archive.Engine;
using Archive.Engine.Lineage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Archive.Api.Audit;

internal static class AuditApi
{
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<AuditQueries>();
        return builder;
    }

    public static RouteGroupBuilder MapAudit(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/audit").WithTags("Audit").WithValidation();
        group.MapGet("/republications", RepublicationsAsync)
            .WithSummary("Every republication link, oldest first, filtered by republisher (publisher), source, time (from/to) and kind; " +
                "paged JSON, or every matching row with format=csv.");
        group.MapGet("/publishers/{publisher}", PublisherAsync)
            .WithSummary("What an outlet (named by id or domain) republished and from whom, and who republished it; JSON, or CSV with format=csv.");
        group.MapGet("/keys", KeysAsync)
            .WithSummary("Who brought pages in by upload: each key (as evidence names it, key:<id>), whether an admin trusts it " +
                "(its uploads then count as observed), and how many pages it uploaded.");
        group.MapGet("/matrix", MatrixAsync)
            .WithSummary("Outlet × outlet counts: how many articles each republisher took from each source; JSON, or CSV with format=csv.");
        return group;
    }

    private static async Task<Results<Ok<Paged<AuditRow>>, FileContentHttpResult, ProblemHttpResult>> RepublicationsAsync(
        [AsParameters] RepublicationsRequest request, AuditQueries audit, CancellationToken ct)
    {
        Guid? publisherId = null, sourceId = null;
        if (request.Publisher is { } publisher && (publisherId = await audit.FindOutletAsync(publisher, ct)) is null)
        {
            return Problems.NotFound("Publisher", publisher);
        }
        if (request.Source is { } source && (sourceId = await audit.FindOutletAsync(source, ct)) is null)
        {
            return Problems.NotFound("Publisher", source);
        }
        var links = audit.Links(request.Filter(publisherId, sourceId));
        if (request.Format == "csv")
        {
            return TypedResults.File(Csv(await audit.RowsAsync(links, ct)), AuditCsv.ContentType, "republications.csv");
        }
        var total = await links.CountAsync(ct);
        var rows = await audit.RowsAsync(links.Skip(request.Skip()).Take(request.PageSize), ct);
        return TypedResults.Ok(Paging.Of(request, total, rows));
    }

    private static async Task<Results<Ok<PublisherAudit>, FileContentHttpResult, ProblemHttpResult>> PublisherAsync(string publisher,
        AuditQueries audit, CancellationToken ct, string? format = null)
    {
        if (FormatProblem(format) is { } problem)
        {
            return problem;
        }
        var result = await audit.FindOutletAsync(publisher, ct) is { } id ? await audit.PublisherAsync(id, ct) : null;
        if (result is null)
        {
            return Problems.NotFound("Publisher", publisher);
        }
        return format == "csv" ? TypedResults.File(AuditCsv.Publisher(result), AuditCsv.ContentType, "publisher-audit.csv") : TypedResults.Ok(result);
    }

    private static async Task<Ok<List<AuditKey>>> KeysAsync(AuditQueries audit, CancellationToken ct) =>
        TypedResults.Ok(await audit.KeysAsync(ct));

    private static async Task<Results<Ok<AuditMatrix>, FileContentHttpResult, ProblemHttpResult>> MatrixAsync(AuditQueries audit,
        CancellationToken ct, string? format = null)
    {
        if (FormatProblem(format) is { } problem)
        {
            return problem;
        }
        var matrix = await audit.MatrixAsync(ct);
        return format == "csv" ? TypedResults.File(AuditCsv.Matrix(matrix), AuditCsv.ContentType, "matrix.csv") : TypedResults.Ok(matrix);
    }

    private static ProblemHttpResult? FormatProblem(string? format) =>
        format is null or "json" or "csv" ? null : Problems.Invalid("format", $"format must be json or csv, not '{format}'.");

    private static byte[] Csv(IEnumerable<AuditRow> rows)
    {
        var csv = new StringBuilder();
        csv.AppendLine("republication_url,republication_publisher,republication_published_at,derived_from_url,derived_from_publisher," +
            "origin_url,origin_publisher,kind,similarity,containment,evidence,declared_by,reuse,basis");
        foreach (var r in rows)
        {
            csv.AppendJoin(',', new[]
            {
                r.Republication.Url, r.Republication.Publisher.Name, UtcTime.Format(r.Republication.PublishedAt),
                r.DerivedFrom.Url, r.DerivedFrom.Publisher.Name, r.Origin.Url, r.Origin.Publisher.Name, EnumText.Of(r.Kind),
                r.Similarity.ToString("0.####", CultureInfo.InvariantCulture), r.Containment.ToString("0.####", CultureInfo.InvariantCulture),
                JsonSerializer.Serialize(r.Evidence, JsonSerializerOptions.Web), EnumText.Of(r.DeclaredBy), EnumText.Of(r.Reuse),
                EnumText.Of(r.Basis),
            }.Select(CsvCells.Field)).AppendLine();
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
