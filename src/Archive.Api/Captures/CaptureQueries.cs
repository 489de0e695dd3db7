using Archive.Data;
using Archive.Data.Entities;
using FluentValidation;

namespace Archive.Api.Captures;

/// <summary>GET /api/captures: jobs, newest first, of one <paramref name="State"/> (queued, fetching, done, failed) and one
/// <paramref name="Batch"/> if given.</summary>
public sealed record JobListRequest(string? State = null, Guid? Batch = null, int Page = 1, int PageSize = 50)
{
    public const int MaxPageSize = 200;

    public JobState? ParsedState => State is null ? null : EnumText.Parse<JobState>(State);
}

/// <summary>GET /api/batches/{id}: one page of the batch's jobs.</summary>
public sealed record BatchPageRequest(int Page = 1, int PageSize = 100)
{
    public const int MaxPageSize = 1000;
}

internal sealed class JobListRequestValidator : AbstractValidator<JobListRequest>
{
    private static readonly IReadOnlyList<string> States = EnumText.All<JobState>();

    public JobListRequestValidator()
    {
        RuleFor(r => r.State).Must(s => States.Contains(s))
            .WithMessage(r => $"state must be one of {string.Join(", ", States)}, not '{r.State}'.")
            .When(r => r.State is not null);
        Include(new PagingRules<JobListRequest>(r => r.Page, r => r.PageSize, JobListRequest.MaxPageSize));
    }
}

internal sealed class BatchPageRequestValidator : AbstractValidator<BatchPageRequest>
{
    public BatchPageRequestValidator() => Include(new PagingRules<BatchPageRequest>(r => r.Page, r => r.PageSize, BatchPageRequest.MaxPageSize));
}

/// <summary>The one set of paging rules: page from 1, pageSize within a bound, and no page past what OFFSET can reach.</summary>
internal sealed class PagingRules<T> : AbstractValidator<T>
{
    public PagingRules(System.Linq.Expressions.Expression<Func<T, int>> page, System.Linq.Expressions.Expression<Func<T, int>> pageSize,
        int maxPageSize)
    {
        var pageOf = page.Compile();
        var sizeOf = pageSize.Compile();
        RuleFor(page).GreaterThanOrEqualTo(1).WithMessage(r => $"page must be 1 or more, not {pageOf(r)}.")
            .Must((r, p) => (long)(p - 1) * sizeOf(r) <= int.MaxValue)
            .WithMessage(r => $"page {pageOf(r)} of {sizeOf(r)} rows starts past the last row that can be paged to.");
        RuleFor(pageSize).InclusiveBetween(1, maxPageSize)
            .WithMessage(r => $"pageSize must be between 1 and {maxPageSize}, not {sizeOf(r)}.");
    }
}
