using Archive.Api.Captures;
using Archive.Api.Extensions;
using Archive.Data.Entities;
using Archive.Data.Stores;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Archive.Api.Imports;

public sealed record ImportResponse(Guid Id, ImportState State, string? FileName, long BytesTotal, long BytesRead, double Progress,
    int Records, int Imported, int Duplicates, int Skipped, int Failed, IReadOnlyList<ImportProblem> Problems, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    public static ImportResponse From(Import i) => new(i.Id, i.State, i.FileName, i.BytesTotal, i.BytesRead,
        i.BytesTotal == 0 ? 0 : Math.Round((double)i.BytesRead / i.BytesTotal, 4), i.Records, i.Imported, i.Duplicates, i.Skipped, i.Failed,
        i.Problems, i.Error, i.CreatedAt, i.StartedAt,
        i.FinishedAt);
}

/// <summary>POST /api/imports takes a .warc or .warc.gz body of any size (spooled to disk as it arrives), answers 202 with the
/// import, and turns each HTML response record into a capture in the background; GET /api/imports/{id} shows its progress.</summary>
internal static class ImportsApi
{
    public static IHostApplicationBuilder AddImports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImportOptions>().BindConfiguration("Imports");
        builder.Services.AddScoped<ImportStore>();
        builder.Services.AddScoped<WarcImporter>();
        builder.Services.AddSingleton<ImportRunner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ImportRunner>());
        return builder;
    }

    public static RouteGroupBuilder MapImports(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/imports").WithTags("Imports");
        group.MapPost("/", PostAsync)
            .WithSummary("Import a WARC (.warc or .warc.gz body, streamed, any size): 202 and the import; each HTML response becomes a capture.");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("An import's state and progress: bytes read, records seen, imported, duplicates, skipped.");
        return group;
    }

    private static async Task<Results<Accepted<ImportResponse>, ProblemHttpResult>> PostAsync(HttpContext http, ImportStore store,
        ImportRunner runner, IOptions<ImportOptions> options, TimeProvider time, string? name, CancellationToken ct)
    {
        // No size limit beyond the disk: the body goes to a file as it arrives, never into memory.
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }
        var spool = options.Value.SpoolDirectoryFor(http.RequestServices.GetRequiredService<IHostEnvironment>());
        Directory.CreateDirectory(spool);
        var id = Guid.CreateVersion7();
        var path = Path.Combine(spool, $"{id}.warc");
        long length;
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await http.Request.Body.CopyToAsync(file, 1 << 16, ct);
                length = file.Length;
            }
        }
        catch (IOException ex) when (!ct.IsCancellationRequested)
        {
            File.Delete(path);
            return TypedResults.Problem(statusCode: StatusCodes.Status507InsufficientStorage, title: "The WARC could not be stored.",
                detail: ex.Message);
        }
        catch (OperationCanceledException)
        {
            File.Delete(path);
            throw;
        }
        if (length == 0)
        {
            File.Delete(path);
            return Problems.BadRequest("The body is empty.", "Send the .warc or .warc.gz file as the request body.");
        }
        var import = await store.CreateAsync(new Import
        {
            Id = id, State = ImportState.Queued, FileName = Truncate(name ?? http.Request.Headers.ContentDisposition.ToString()), SubmittedBy = Submitter.Of(http),
            SpoolPath = path, BytesTotal = length, CreatedAt = time.GetUtcNow(),
        }, ct);
        runner.Enqueue(import.Id);
        return TypedResults.Accepted($"/api/imports/{import.Id}", ImportResponse.From(import));
    }

    private static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> GetAsync(Guid id, ImportStore store, CancellationToken ct)
    {
        var import = await store.FindAsync(id, ct);
        return import is null ? Problems.NotFound("Import", id) : TypedResults.Ok(ImportResponse.From(import));
    }

    private static string? Truncate(string? name) => string.IsNullOrWhiteSpace(name) ? null : name.Length > 300 ? name[..300] : name;
}

/// <summary>Configuration section <c>Imports</c>.</summary>
public sealed class ImportOptions
{
    /// <summary>Where uploaded WARCs wait until imported (default: .data/imports under the content root).</summary>
    public string? SpoolDirectory { get; set; }

    /// <summary>The largest page (decoded payload) one record may carry, as for fetches; larger records are skipped.</summary>
    public long MaxRecordBytes { get; set; } = 10 * 1024 * 1024;

    public string SpoolDirectoryFor(IHostEnvironment environment) =>
        Path.GetFullPath(SpoolDirectory ?? Path.Combine(".data", "imports"), environment.ContentRootPath);
}
