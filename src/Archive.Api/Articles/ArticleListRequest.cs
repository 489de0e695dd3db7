using Archive.Api.Extensions;
using FluentValidation;

namespace Archive.Api.Articles;

/// <summary>
/// GET /api/articles: with <paramref name="Url"/>, the one article archived under that URL; otherwise a page of articles,
/// newest first, filtered by <paramref name="Publisher"/> (id or domain), <paramref name="From"/>/<paramref name="To"/>
/// (when published, or else captured) and <paramref name="ContentHash"/> (<c>sha256:&lt;hex&gt;</c>).
/// </summary>
public sealed record ArticleListRequest(string? Url = null, string? Publisher = null, DateTimeOffset? From = null, DateTimeOffset? To = null,
    string? ContentHash = null, int Page = 1, int PageSize = 50) : IPageRequest
{
    public const int MaxPageSize = 200;

    public string? ContentHashHex => ContentHash is null ? null
        : (ContentHash.StartsWith(Engine.Text.ContentHash.Prefix, StringComparison.OrdinalIgnoreCase) ? ContentHash[Engine.Text.ContentHash.Prefix.Length..] : ContentHash)
            .ToLowerInvariant();
}

internal sealed class ArticleListRequestValidator : AbstractValidator<ArticleListRequest>
{
    public ArticleListRequestValidator()
    {
        RuleFor(r => r.Url).Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            .WithMessage("url must be an absolute http(s) URL.").When(r => r.Url is not null);
        RuleFor(r => r.ContentHash).Matches("^(?i:sha256:)?[0-9a-fA-F]{64}$")
            .WithMessage("contentHash must be sha256: and 64 hex digits.").When(r => r.ContentHash is not null);
        RuleFor(r => r.Publisher).MaximumLength(300).When(r => r.Publisher is not null);
        RuleFor(r => r.To).GreaterThan(r => r.From).WithMessage("to must be after from.").When(r => r.From is not null && r.To is not null);
        Include(new PagingRules<ArticleListRequest>(ArticleListRequest.MaxPageSize));
    }
}
