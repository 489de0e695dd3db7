using FluentValidation;

namespace Archive.Api.Extensions;

/// <summary>One page of a list, as every paged list answers: the page asked for, its size, how many rows match, the rows.</summary>
public sealed record Paged<T>(int Page, int PageSize, int Total, IReadOnlyList<T> Items);

/// <summary>
/// What every paged list request carries (bound from the query string by an <c>[AsParameters]</c> record): <c>page</c> from 1
/// and <c>pageSize</c> up to the list's bound. <see cref="PagingRules{T}"/> checks both, so every list's 400 reads alike.
/// </summary>
public interface IPageRequest
{
    int Page { get; }
    int PageSize { get; }
}

internal static class Paging
{
    /// <summary>The furthest row a page may start at: (page - 1) * pageSize must fit the int a query's OFFSET takes.</summary>
    public const int MaxOffset = int.MaxValue;

    /// <summary>The rows before the requested page (valid once <see cref="PagingRules{T}"/> passed).</summary>
    public static int Skip(this IPageRequest request) => (request.Page - 1) * request.PageSize;

    public static Paged<T> Of<T>(IPageRequest request, int total, IReadOnlyList<T> items) => new(request.Page, request.PageSize, total, items);
}

/// <summary>The one set of paging rules: page from 1, pageSize within the list's bound, and no page past what OFFSET can reach.</summary>
internal sealed class PagingRules<T> : AbstractValidator<T> where T : IPageRequest
{
    public PagingRules(int maxPageSize)
    {
        RuleFor(r => r.Page).GreaterThanOrEqualTo(1).WithName("page").WithMessage(r => $"page must be 1 or more, not {r.Page}.")
            .Must((r, p) => (long)(p - 1) * r.PageSize <= Paging.MaxOffset)
            .WithMessage(r => $"page {r.Page} of {r.PageSize} rows starts past the last row that can be paged to.");
        RuleFor(r => r.PageSize).InclusiveBetween(1, maxPageSize).WithName("pageSize")
            .WithMessage(r => $"pageSize must be between 1 and {maxPageSize}, not {r.PageSize}.");
    }
}
