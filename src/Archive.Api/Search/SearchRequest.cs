using Archive.Api.Extensions;
using Archive.Data.Stores;
using FluentValidation;

namespace Archive.Api.Search;

/// <summary>
/// GET /api/search (and the reader's /search page): <paramref name="Q"/> is words to find (web-search syntax: "a phrase",
/// -excluded, or), an article URL, or a content hash (<c>sha256:</c> and 64 hex digits). <paramref name="Publisher"/> is an
/// outlet's id, domain or name; <paramref name="From"/>/<paramref name="To"/> bound when the story was published (or, when it
/// does not say, captured); <paramref name="Language"/> keeps one language; <paramref name="Sort"/> is relevance or newest.
/// </summary>
public sealed record SearchRequest(string? Q, string? Publisher = null, DateTimeOffset? From = null, DateTimeOffset? To = null,
    string? Language = null, string? Sort = null, int Page = 1, int PageSize = 20) : IPageRequest
{
    public const int MaxQueryLength = 500;
    public const int MaxPageSize = 100;

    public SearchOrder Order => Sort == "newest" ? SearchOrder.Newest : SearchOrder.Relevance;

    /// <summary>How deep this order can be paged.</summary>
    public int Deepest => Order == SearchOrder.Relevance ? SearchStore.RankWindow : SearchStore.PageDepth;
}

internal sealed class SearchRequestValidator : AbstractValidator<SearchRequest>
{
    public SearchRequestValidator()
    {
        RuleFor(r => r.Q).NotEmpty().WithMessage("q is required: words, an article URL or a content hash.")
            .MaximumLength(SearchRequest.MaxQueryLength)
            .WithMessage($"q may be at most {SearchRequest.MaxQueryLength} characters long.")
            .Must(NoControlCharacters!).WithMessage("q may not contain control characters.");
        RuleFor(r => r.Publisher).MaximumLength(300).Must(NoControlCharacters!).WithMessage("publisher may not contain control characters.")
            .When(r => r.Publisher is not null);
        RuleFor(r => r.Language).Matches("^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$").MaximumLength(35)
            .WithMessage("language must be a language tag such as en or pt-BR.")
            .When(r => r.Language is not null);
        RuleFor(r => r.Sort).Must(s => s is null or "relevance" or "newest").WithMessage("sort must be relevance or newest.");
        Include(new PagingRules<SearchRequest>(SearchRequest.MaxPageSize));
        // Relevance ranks the newest SearchStore.RankWindow matches, and newest-first pages stop at SearchStore.PageDepth:
        // deeper pages are not served (narrow the query, or sort by newest).
        RuleFor(r => r).Must(r => (long)r.Page * r.PageSize <= r.Deepest)
            .WithName("page").WithMessage(r => $"Only the first {r.Deepest:N0} results can be paged through when sorting by {r.Sort ?? "relevance"}; " +
                "narrow the query" + (r.Order == SearchOrder.Relevance ? " or sort by newest." : "."))
            .When(r => r.Page >= 1 && r.PageSize is >= 1 and <= SearchRequest.MaxPageSize);
        RuleFor(r => r.To).GreaterThan(r => r.From).WithMessage("to must be after from.").When(r => r.From is not null && r.To is not null);
    }

    private static bool NoControlCharacters(string value) => !value.Any(char.IsControl);
}
