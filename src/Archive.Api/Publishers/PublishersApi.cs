using Archive.Api.Articles;
using Archive.Api.Extensions;
using Archive.Data;
using Archive.Data.Replicas;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Archive.Api.Publishers;

public sealed record PublisherResponse(Guid Id, string Name, string Domain, IReadOnlyList<string> Domains, int ArticleCount);

internal static class PublishersApi
{
    public static RouteGroupBuilder MapPublishers(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/publishers").WithTags("Publishers").WithValidation();
        group.MapGet("/", ListAsync).WithSummary("Every outlet the archive knows, paged, by name.");
        group.MapGet("/{publisher}/articles", ArticlesAsync)
            .WithSummary("An outlet's archived articles (named by id or domain), newest first, paged.");
        return group;
    }

    private static async Task<Ok<Paged<PublisherResponse>>> ListAsync([AsParameters] PublisherPageRequest request, ArchiveReadDb read,
        CancellationToken ct)
    {
        var db = read.Context;
        var (skip, take) = (request.Skip(), request.PageSize);
        var total = await db.Publishers.CountAsync(ct);
        var items = await db.Publishers.AsNoTracking().OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Skip(skip).Take(take)
            .Select(p => new PublisherResponse(p.Id, p.Name, p.PrimaryDomain, p.Domains.Select(d => d.Domain).ToList(),
                db.Articles.Count(a => a.PublisherId == p.Id)))
            .ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(request, total, items));
    }

    private static async Task<Results<Ok<Paged<ArticleSummary>>, ProblemHttpResult>> ArticlesAsync(string publisher,
        [AsParameters] PublisherPageRequest request, Audit.AuditQueries outlets, Archive.Data.Stores.ArticleListReads list, CancellationToken ct)
    {
        if (await outlets.FindOutletAsync(publisher, ct) is not { } id)
        {
            return Problems.NotFound("Publisher", publisher);
        }
        var (total, rows) = await list.ListAsync(new Archive.Data.Stores.ArticleListFilter(id, null, null, null, request.Page, request.PageSize), ct);
        return TypedResults.Ok(Paging.Of<ArticleSummary>(request, total, [.. rows.Select(r => new ArticleSummary(
            r.Id, r.Url, r.Title, r.PublishedAt, r.CapturedAt, Engine.Text.ContentHash.Prefix + r.ContentHash,
            new PublisherRef(id, r.PublisherName!, r.PublisherDomain!)))]));
    }
}

/// <summary>GET /api/publishers and /api/publishers/{publisher}/articles: one page.</summary>
public sealed record PublisherPageRequest(int Page = 1, int PageSize = 50) : IPageRequest
{
    public const int MaxPageSize = 200;
}

internal sealed class PublisherPageRequestValidator : AbstractValidator<PublisherPageRequest>
{
    public PublisherPageRequestValidator() => Include(new PagingRules<PublisherPageRequest>(PublisherPageRequest.MaxPageSize));
}
