using Archive.Api.Extensions;
using Archive.Data;
using Archive.Data.Entities;
using Archive.Engine;
using FluentValidation;

namespace Archive.Api.Captures;

/// <summary>GET /api/captures: jobs, newest first, of one <paramref name="State"/> (queued, fetching, done, failed) and one
/// <paramref name="Batch"/> if given.</summary>
public sealed record JobListRequest(string? State = null, Guid? Batch = null, int Page = 1, int PageSize = 50) : IPageRequest
{
    public const int MaxPageSize = 200;

    public JobState? ParsedState => State is null ? null : EnumText.Parse<JobState>(State);
}

/// <summary>GET /api/batches/{id}: one page of the batch's jobs.</summary>
public sealed record BatchPageRequest(int Page = 1, int PageSize = 100) : IPageRequest
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
        Include(new PagingRules<JobListRequest>(JobListRequest.MaxPageSize));
    }
}

internal sealed class BatchPageRequestValidator : AbstractValidator<BatchPageRequest>
{
    public BatchPageRequestValidator() => Include(new PagingRules<BatchPageRequest>(BatchPageRequest.MaxPageSize));
}
