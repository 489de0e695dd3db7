using System.Globalization;
using System.Text;
using Archive.Api.Access;
using Archive.Api.Captures;
using Archive.Api.Ingestion;
using Archive.Api.Jobs;
using Archive.Data;
using Archive.Data.Entities;
using Archive.Data.Stores;
using Archive.Fetching;
using FluentValidation;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Archive.Api.Reader.Submit;

/// <summary>
/// Submitting from a browser: URLs to fetch (one job, or a batch) and pages already captured, with an API key typed into
/// the form (a browser cannot send X-Api-Key), then a job or batch page that reloads itself until the work is done.
/// The posts are anti-forgery protected, so no other site can make a visitor's browser submit; a key is checked by the same
/// rule as the API's (a submitter key, or open local mode from loopback).
/// </summary>
internal static class SubmitPages
{
    public const long MaxUploadBytes = CaptureRequestValidator.MaxHtmlBytes + 64 * 1024;
    private const int BatchRows = 200;

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/submit", Form);
        // The fallback policy wants X-Api-Key on a POST; these read the key from the form and apply the same requirement.
        pages.MapPost("/submit", SubmitUrlsAsync).AllowAnonymous().DisableAntiforgery();
        pages.MapPost("/submit/upload", UploadAsync).AllowAnonymous().DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes));
        pages.MapGet("/jobs/{id:guid}", JobAsync);
        pages.MapGet("/batches/{id:guid}", BatchAsync);
    }

    private static RazorComponentResult Form(HttpContext http, IAntiforgery antiforgery) => FormPage(http, antiforgery, null, null);

    private static RazorComponentResult FormPage(HttpContext http, IAntiforgery antiforgery, string? problem, IFormCollection? form,
        int status = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return ReaderPages.Page<SubmitPage>(new SubmitPage.SubmitModel(tokens.FormFieldName, tokens.RequestToken!, problem,
            form?["urls"].ToString(), form?["url"].ToString()), status);
    }

    private static async Task<IResult> SubmitUrlsAsync(HttpContext http, IAntiforgery antiforgery, Submissions submissions, JobQueue queue,
        FetchPolicy policy, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        if (await RefuseAsync(http, antiforgery, form, ct) is { } refusal)
        {
            return refusal;
        }
        var urls = form["urls"].ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal).ToList();
        var problem = urls.Count == 0 ? "Give at least one URL, one per line."
            : urls.Count > BatchCaptureRequestValidator.MaxUrls ? $"At most {BatchCaptureRequestValidator.MaxUrls} URLs at once, not {urls.Count}."
            : urls.Select(policy.Explain).FirstOrDefault(p => p is not null);
        if (problem is not null)
        {
            return FormPage(http, antiforgery, problem, form, StatusCodes.Status400BadRequest);
        }
        var submitter = Submitter.Of(http);
        if (urls.Count == 1)
        {
            var queued = await submissions.QueueAsync(new QueueSubmission(new Uri(urls[0]), submitter) { Force = form["force"] == "on" }, ct);
            return SeeOther(http, $"/jobs/{queued.Job.Id}");
        }
        var batchId = Guid.CreateVersion7();
        await queue.EnqueueAsync(new NewJobs([.. urls.Select(u => new Uri(u).AbsoluteUri).Distinct(StringComparer.Ordinal)], submitter)
        {
            BatchId = batchId,
        }, ct);
        return SeeOther(http, $"/batches/{batchId}");
    }

    private static async Task<IResult> UploadAsync(HttpContext http, IAntiforgery antiforgery, Submissions submissions,
        IValidator<CaptureRequest> validator, IValidator<PageUploadRequest> fileValidator, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        if (await RefuseAsync(http, antiforgery, form, ct) is { } refusal)
        {
            return refusal;
        }
        DateTimeOffset? capturedAt = null;
        if (!string.IsNullOrWhiteSpace(form["capturedAt"]))
        {
            if (!DateTimeOffset.TryParse(form["capturedAt"], CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                return FormPage(http, antiforgery, "The capture time must be a date and time such as 2024-05-01T10:00.", form,
                    StatusCodes.Status400BadRequest);
            }
            capturedAt = at;
        }
        var url = form["url"].ToString().Trim();
        UploadedPage page;
        if (form.Files.GetFile("file") is { Length: > 0 } file)
        {
            // The file is the capture as the API's page form keeps it: its bytes as they are, decoded by HTML's rules (its
            // charset from the browser's type, a byte-order mark or <meta>), never read as UTF-8 text and written back.
            if (file.Length > CaptureRequestValidator.MaxHtmlBytes)
            {
                return FormPage(http, antiforgery, "The file is larger than 10 MiB.", form, StatusCodes.Status400BadRequest);
            }
            var bytes = new byte[file.Length];
            await using (var stream = file.OpenReadStream())
            {
                await stream.ReadExactlyAsync(bytes, ct);
            }
            var problems = (await fileValidator.ValidateAsync(new PageUploadRequest(url, capturedAt), ct)).Errors.Select(e => e.ErrorMessage).ToList();
            if (PageBody.IsBlank(bytes))
            {
                problems.Add("The uploaded file is empty.");
            }
            if (problems.Count > 0)
            {
                return FormPage(http, antiforgery, string.Join(" ", problems), form, StatusCodes.Status400BadRequest);
            }
            page = UploadedPage.OfBytes(bytes, FileType(file.ContentType));
        }
        else
        {
            page = UploadedPage.OfText(form["html"].ToString());
            if (await validator.ValidateAsync(new CaptureRequest(url, page, capturedAt), ct) is { IsValid: false } invalid)
            {
                page.Dispose();
                return FormPage(http, antiforgery, string.Join(" ", invalid.Errors.Select(e => e.ErrorMessage)), form, StatusCodes.Status400BadRequest);
            }
        }
        Uploaded uploaded;
        using (page)
        {
            uploaded = await submissions.UploadAsync(new UploadSubmission(new Uri(url), page, Submitter.Of(http)) { CapturedAt = capturedAt }, ct);
        }
        return SeeOther(http, $"/articles/{uploaded.Article.Id}");
    }

    /// <summary>The capture's content type for a file the browser sent: its own when it is a page's (with a charset if it
    /// gave one), text/html otherwise (a browser that does not know the extension says application/octet-stream; the
    /// file was chosen as the page, and HTML's decoding rules sniff its charset).</summary>
    private static string FileType(string? contentType) =>
        PageBody.MediaTypes.Contains(RawCaptureHeaders.MediaType(contentType), StringComparer.Ordinal)
            ? RawCaptureHeaders.Normalise(contentType)
            : PageBody.MediaTypes[0];

    private static async Task<RazorComponentResult> JobAsync(Guid id, ReaderStore store, TimeProvider time, CancellationToken ct)
    {
        var job = await store.JobAsync(id, ct);
        return job is null
            ? ReaderPages.Message(StatusCodes.Status404NotFound, "No such submission", $"No job has the id {id}.")
            : ReaderPages.Page<JobPage>(new JobPage.JobModel(job, time.GetUtcNow()));
    }

    private static async Task<RazorComponentResult> BatchAsync(Guid id, ReaderStore store, CancellationToken ct)
    {
        var counts = await store.BatchCountsAsync(id, ct);
        return counts.Count == 0
            ? ReaderPages.Message(StatusCodes.Status404NotFound, "No such batch", $"No batch has the id {id}.")
            : ReaderPages.Page<BatchPage>(new BatchPage.BatchModel(id, counts, await store.BatchAsync(id, BatchRows, ct)));
    }

    /// <summary>A page explaining why the post is refused (forged or stale form, no or weak key), or null to go on. On success
    /// the form's key becomes the request's caller, so what is stored says who submitted it.</summary>
    private static async Task<IResult?> RefuseAsync(HttpContext http, IAntiforgery antiforgery, IFormCollection form, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return FormPage(http, antiforgery, "The form had expired or did not come from this site. It has been reloaded: submit it again.",
                form, StatusCodes.Status400BadRequest);
        }
        var user = http.User;
        if (form["apiKey"].ToString() is { Length: > 0 } secret)
        {
            var db = http.RequestServices.GetRequiredService<ArchiveDbContext>();
            if (await ApiKeyAuthenticationHandler.PrincipalAsync(db, secret.Trim(), ct) is not { } keyed)
            {
                return FormPage(http, antiforgery, "That API key is unknown or revoked.", form, StatusCodes.Status401Unauthorized);
            }
            http.User = user = keyed;
        }
        var allowed = await http.RequestServices.GetRequiredService<IAuthorizationService>()
            .AuthorizeAsync(user, http, [new AccessRequirement()]);
        return allowed.Succeeded ? null
            : user.Identity?.IsAuthenticated == true
                ? FormPage(http, antiforgery, "This key may only read; submitting needs a submitter or admin key.", form, StatusCodes.Status403Forbidden)
                : FormPage(http, antiforgery, "Submitting needs an API key with the submitter role.", form, StatusCodes.Status401Unauthorized);
    }

    private static StatusCodeHttpResult SeeOther(HttpContext http, string location)
    {
        http.Response.Headers.Location = location;
        return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
    }
}
