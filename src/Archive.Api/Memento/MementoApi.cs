using System.Globalization;
using System.Text;
using Archive.Api.Extensions;
using Archive.Data.Stores;
using Archive.Engine.Text;
using Archive.Engine.Urls;
using Archive.Engine.Warc;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Api.Memento;

/// <summary>
/// Memento (RFC 7089) with Wayback-style URLs: <c>/web/{url}</c> is the TimeGate, <c>/web/{yyyyMMddHHmmss}/{url}</c> a
/// memento, <c>/web/timemap/link/{url}</c> and <c>/web/timemap/json/{url}</c> the TimeMaps. A memento is the clean
/// article of that capture as HTML the archive writes from the clean text (or JSON by Accept), never the captured markup.
/// </summary>
internal static class MementoApi
{
    public static IHostApplicationBuilder AddMemento(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<MementoStore>();
        return builder;
    }

    public static IEndpointRouteBuilder MapMemento(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/web/{**path}", HandleAsync).WithTags("Memento")
            .WithSummary("Memento: TimeGate /web/{url}, memento /web/{yyyyMMddHHmmss}/{url}, TimeMaps /web/timemap/link|json/{url}.");
        return routes;
    }

    private static async Task<IResult> HandleAsync(string path, HttpContext http, MementoStore store, CancellationToken ct)
    {
        var request = MementoRequest.Parse(path + http.Request.QueryString);
        if (request is null)
        {
            return Problems.BadRequest("Not a Memento URL.",
                "Use /web/{url}, /web/{yyyyMMddHHmmss}/{url}, /web/timemap/link/{url} or /web/timemap/json/{url} with an absolute http(s) URL.");
        }
        var mementos = await store.ForUrlKeyAsync(UrlKey.For(request.Url), ct);
        if (mementos.Count == 0)
        {
            return Problems.NotFound("Memento", request.Url.AbsoluteUri);
        }
        var links = new MementoLinks($"{http.Request.Scheme}://{http.Request.Host}", mementos);
        return request.Kind switch
        {
            MementoRequest.Shape.LinkTimeMap => TypedResults.Text(links.LinkTimeMap(), "application/link-format", Encoding.UTF8),
            MementoRequest.Shape.JsonTimeMap => TypedResults.Json(links.JsonTimeMap()),
            MementoRequest.Shape.TimeGate => TimeGate(http, links),
            _ => await MementoAsync(http, store, links, request.Timestamp!, ct),
        };
    }

    private static IResult TimeGate(HttpContext http, MementoLinks links)
    {
        var wanted = http.Request.Headers["Accept-Datetime"].ToString();
        DateTimeOffset? at = null;
        if (wanted.Length > 0)
        {
            if (!DateTimeOffset.TryParseExact(wanted, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return Problems.BadRequest("Accept-Datetime is not an HTTP date.", $"'{wanted}' is not in RFC 1123 form, e.g. 'Thu, 31 May 2007 20:35:00 GMT'.");
            }
            at = parsed;
        }
        var memento = links.Nearest(at);
        http.Response.Headers.Vary = "accept-datetime";
        http.Response.Headers.Link = links.ForTimeGate();
        return TypedResults.Redirect(links.MementoUri(memento));
    }

    private static async Task<IResult> MementoAsync(HttpContext http, MementoStore store, MementoLinks links, string timestamp, CancellationToken ct)
    {
        var memento = links.Nearest(MementoRequest.ParseTimestamp(timestamp));
        if (WarcFormat.Timestamp14(memento.CapturedAt) != timestamp)
        {
            // Not an exact datetime: redirect to the nearest memento, as Wayback-style archives do.
            http.Response.Headers.Link = links.ForTimeGate();
            return TypedResults.Redirect(links.MementoUri(memento));
        }
        var page = await store.PageAsync(memento.VersionId, ct);
        if (page is null)
        {
            return Problems.NotFound("Memento", timestamp);
        }
        http.Response.Headers["Memento-Datetime"] = memento.CapturedAt.ToString("r", CultureInfo.InvariantCulture);
        http.Response.Headers.Link = links.ForMemento(memento);
        http.Response.Headers.Vary = "accept";
        if (http.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Json(new
            {
                page.ArticleId, page.VersionId, page.CaptureId, Original = page.ArticleUrl, page.FinalUrl, page.CapturedAt, page.Title,
                page.Byline, page.PublishedAt, Publisher = page.PublisherName, page.Language, ContentHash = ContentHash.Prefix + page.ContentHash,
                page.Text,
            });
        }
        // Written here from the clean text, so no captured markup or script reaches a browser on the archive's origin; the
        // policy forbids scripts, frames and remote loads all the same.
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; sandbox";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Content(MementoPageHtml.Render(page, links), "text/html; charset=utf-8");
    }
}
