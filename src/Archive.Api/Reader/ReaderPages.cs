using System.Globalization;
using Archive.Api.Audit;
using Archive.Api.Reader.Articles;
using Archive.Api.Reader.Audit;
using Archive.Api.Reader.Pages;
using Archive.Api.Search;
using Archive.Data.Stores;
using Archive.Engine;
using Archive.Engine.Lineage;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Archive.Api.Reader;

/// <summary>The reading pages: home, search, article, outlet and audit. Each answers HTML, with a page (not problem JSON)
/// for what people mistype: an unknown id is a 404 page, a bad filter a 400 page that keeps the form.</summary>
internal static class ReaderPages
{
    private const int ListPageSize = 50;

    public static void Map(RouteGroupBuilder pages, bool cacheArticlePages)
    {
        pages.MapGet("/", HomeAsync);
        pages.MapGet("/search", SearchAsync);
        var article = pages.MapGet("/articles/{id:guid}", ArticleAsync);
        if (cacheArticlePages)
        {
            // The API's per-article output cache: evicted for the whole family whenever a capture or a lineage change
            // touches it (see ArticleCache), so a page is never staler than the JSON it is built from.
            article.CacheOutput(Api.Articles.ArticleCache.PolicyName);
        }
        pages.MapGet("/publishers/{id:guid}", PublisherAsync);
        pages.MapGet("/audit", AuditAsync);
    }

    public static RazorComponentResult Page<T>(object model, int status = StatusCodes.Status200OK) where T : Microsoft.AspNetCore.Components.IComponent =>
        new RazorComponentResult<T>(new { Model = model }) { StatusCode = status };

    public static RazorComponentResult Message(int status, string heading, string detail) =>
        new RazorComponentResult<MessagePage>(new { Heading = heading, Detail = detail }) { StatusCode = status };

    private static async Task<RazorComponentResult> HomeAsync(ReaderStore store, CancellationToken ct) =>
        Page<HomePage>(new HomePage.HomeModel(await store.CountsAsync(ct), await store.RecentAsync(20, ct)));

    private static async Task<RazorComponentResult> SearchAsync(HttpContext http, ArticleSearch search, IValidator<SearchRequest> validator,
        CancellationToken ct)
    {
        var query = http.Request.Query;
        var (from, fromProblem) = Date(query["from"], "from");
        var (to, toProblem) = Date(query["to"], "to");
        var request = new SearchRequest(Text(query["q"]), Text(query["publisher"]), from, to, Text(query["language"]), Text(query["sort"]),
            Number(query["page"]) ?? 1, 20);
        string Link(int page) => WithPage("/search", query, page);
        if (string.IsNullOrWhiteSpace(request.Q))
        {
            return Page<SearchPage>(new SearchPage.SearchModel(request, null, null, Link));
        }
        var problem = fromProblem ?? toProblem;
        if (problem is null && await validator.ValidateAsync(request, ct) is { IsValid: false } invalid)
        {
            problem = string.Join(" ", invalid.Errors.Select(e => e.ErrorMessage));
        }
        if (problem is not null)
        {
            return Page<SearchPage>(new SearchPage.SearchModel(request, null, problem, Link), StatusCodes.Status400BadRequest);
        }
        var (response, unknownOutlet) = await search.SearchAsync(request, ct);
        return response is null
            ? Page<SearchPage>(new SearchPage.SearchModel(request, null, $"No outlet is known as “{unknownOutlet}”.", Link), StatusCodes.Status404NotFound)
            : Page<SearchPage>(new SearchPage.SearchModel(request, response, null, Link));
    }

    private static async Task<RazorComponentResult> ArticleAsync(Guid id, Guid? version, Guid? from, Guid? to, ArticlePageBuilder builder,
        HttpContext http, CancellationToken ct)
    {
        var model = await builder.BuildAsync(id, version, from, to, ct);
        if (model is { Log.State: not LogInclusionState.Verified } && http.Features.Get<IOutputCacheFeature>() is { } cache)
        {
            // The log integrates an entry seconds after its capture, and nothing evicts the page then: keep only verified pages.
            cache.Context.AllowCacheStorage = false;
        }
        return model is null
            ? Message(StatusCodes.Status404NotFound, "No such article", version is null
                ? $"The archive holds no article with the id {id}."
                : $"The archive holds no version {version} of the article {id}.")
            : Page<ArticlePage>(model);
    }

    private static async Task<RazorComponentResult> PublisherAsync(Guid id, HttpContext http, ReaderStore store, AuditQueries audit,
        CancellationToken ct)
    {
        var publisher = await store.PublisherAsync(id, ct);
        if (publisher is null)
        {
            return Message(StatusCodes.Status404NotFound, "No such outlet", $"The archive knows no outlet with the id {id}.");
        }
        var page = Math.Clamp(Number(http.Request.Query["page"]) ?? 1, 1, Math.Max(1, (publisher.Articles + ListPageSize - 1) / ListPageSize));
        return Page<PublisherPage>(new PublisherPage.PublisherModel(publisher, (await audit.PublisherAsync(id, ct))!,
            await store.PublisherArticlesAsync(id, page, ListPageSize, ct), page, ListPageSize));
    }

    private static async Task<RazorComponentResult> AuditAsync(HttpContext http, AuditQueries audit, CancellationToken ct)
    {
        var query = http.Request.Query;
        var filter = new AuditPage.AuditFilterText(Text(query["publisher"]), Text(query["source"]), Text(query["from"]), Text(query["to"]),
            Text(query["kind"]));
        var heatmap = Heatmap.From(await audit.MatrixAsync(ct));
        var csv = "/api/audit/republications" + QueryString.Create(new Dictionary<string, string?>
        {
            ["format"] = "csv", ["publisher"] = filter.Publisher, ["source"] = filter.Source, ["from"] = filter.From, ["to"] = filter.To,
            ["kind"] = filter.Kind,
        }.Where(p => p.Value is not null));
        string PageLink(int page) => WithPage("/audit", query, page) + "#republications";
        static string CellLink(OutletRef row, OutletRef column) =>
            $"/audit?publisher={Uri.EscapeDataString(row.Domain ?? "")}&source={Uri.EscapeDataString(column.Domain ?? "")}#republications";
        AuditPage.AuditModel Model(IReadOnlyList<AuditRow> rows, int total, int page, string? problem) =>
            new(heatmap, filter, rows, total, page, ListPageSize, problem, csv, PageLink, CellLink);

        var (from, fromProblem) = Date(query["from"], "from");
        var (to, toProblem) = Date(query["to"], "to");
        var problem = fromProblem ?? toProblem
            ?? (filter.Kind is { } kind && !LineageKinds.Names.Contains(kind) ? $"Unknown kind “{kind}”." : null)
            ?? (from > to ? "The time range is empty: from is after to." : null);
        Guid? publisherId = null, sourceId = null;
        if (problem is null && filter.Publisher is { } p && (publisherId = await audit.FindOutletAsync(p, ct)) is null)
        {
            problem = $"No outlet is known as “{p}”.";
        }
        if (problem is null && filter.Source is { } s && (sourceId = await audit.FindOutletAsync(s, ct)) is null)
        {
            problem = $"No outlet is known as “{s}”.";
        }
        if (problem is not null)
        {
            return Page<AuditPage>(Model([], 0, 1, problem), StatusCodes.Status400BadRequest);
        }
        var links = audit.Links(new AuditFilter(publisherId, sourceId, from, to, filter.Kind is { } named ? EnumText.Parse<LineageKind>(named) : null));
        var total = await links.CountAsync(ct);
        var page = Math.Clamp(Number(query["page"]) ?? 1, 1, Math.Max(1, (total + ListPageSize - 1) / ListPageSize));
        var rows = await audit.RowsAsync(links.Skip((page - 1) * ListPageSize).Take(ListPageSize), ct);
        return Page<AuditPage>(Model(rows, total, page, null));
    }

    /// <summary>The same page with the same query, another page number.</summary>
    private static string WithPage(string path, IQueryCollection query, int page) =>
        path + QueryString.Create(query.Where(q => q.Key != "page").Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString()))
            .Append(KeyValuePair.Create("page", (string?)page.ToString(CultureInfo.InvariantCulture))));

    private static string? Text(Microsoft.Extensions.Primitives.StringValues value) =>
        string.IsNullOrWhiteSpace(value.ToString()) ? null : value.ToString().Trim();

    private static int? Number(Microsoft.Extensions.Primitives.StringValues value) =>
        int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>A date from a date input (yyyy-MM-dd, read as UTC midnight) or a full ISO 8601 time.</summary>
    private static (DateTimeOffset? Value, string? Problem) Date(Microsoft.Extensions.Primitives.StringValues value, string name)
    {
        var text = Text(value);
        if (text is null)
        {
            return (null, null);
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out var at) ? (at, null) : (null, $"{name} must be a date such as 2024-05-01, not “{text}”.");
    }
}
