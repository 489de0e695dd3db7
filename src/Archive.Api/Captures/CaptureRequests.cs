using System.Text;
using Archive.Fetching;
using FluentValidation;

namespace Archive.Api.Captures;

/// <summary>
/// Submit a URL to fetch, or — with <see cref="Html"/> — upload a page already captured elsewhere.
/// <see cref="Force"/> fetches again even when the URL was submitted within Captures:ReuseWindow.
/// <see cref="IgnoreRobots"/> (admin keys only) fetches even where robots.txt disallows it.
/// </summary>
public sealed record CaptureRequest(string? Url, string? Html = null, DateTimeOffset? CapturedAt = null, bool Force = false,
    bool IgnoreRobots = false);

internal static class CapturedAtRules
{
    private static readonly DateTimeOffset EarliestCapture = new(1991, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>An upload's capture time, when given, is neither in the future nor before the web existed.</summary>
    public static void WithinTheWeb<T>(this IRuleBuilderInitial<T, DateTimeOffset?> rule, TimeProvider time) => rule
        .Must(at => at is null || at <= time.GetUtcNow())
        .WithMessage((_, at) => $"capturedAt {at:O} is in the future.")
        .Must(at => at is null || at >= EarliestCapture)
        .WithMessage((_, at) => $"capturedAt {at:O} is before the web existed.");
}

public sealed record BatchCaptureRequest(IReadOnlyList<string?>? Urls);

internal sealed class CaptureRequestValidator : AbstractValidator<CaptureRequest>
{
    public const int MaxHtmlBytes = 10 * 1024 * 1024;
    public CaptureRequestValidator(TimeProvider time, FetchPolicy policy)
    {
        // A URL to fetch must pass what the fetcher checks before the network; an uploaded page's URL only names it.
        RuleFor(r => r.Url).Custom((url, context) =>
        {
            if ((context.InstanceToValidate.Html is null ? policy.Explain(url) : UrlRules.Explain(url)) is { } problem)
            {
                context.AddFailure(problem);
            }
        });
        RuleFor(r => r.Html)
            .Must(html => FitsHtmlLimit(html!))
            .When(r => r.Html is not null)
            .WithMessage($"The uploaded HTML is larger than {MaxHtmlBytes / (1024 * 1024)} MiB.");
        RuleFor(r => r.Html)
            .Must(html => !string.IsNullOrWhiteSpace(html))
            .When(r => r.Html is not null)
            .WithMessage("The uploaded HTML is empty.");
        RuleFor(r => r.CapturedAt).WithinTheWeb(time);
        RuleFor(r => r.CapturedAt)
            .Null()
            .When(r => r.Html is null)
            .WithMessage("capturedAt is only accepted with an uploaded page (html).");
    }

    /// <summary>
    /// Whether the page's UTF-8 form is at most <see cref="MaxHtmlBytes"/>, its bytes counted only when its length leaves
    /// that open: a UTF-16 unit is one to three UTF-8 bytes (a surrogate pair four for two), so a page of at most a third
    /// of the limit in units fits and one of more units than the limit does not. Counting was a pass over every page.
    /// </summary>
    internal static bool FitsHtmlLimit(string html) =>
        html.Length <= MaxHtmlBytes / 3 || (html.Length <= MaxHtmlBytes && Encoding.UTF8.GetByteCount(html) <= MaxHtmlBytes);
}

internal sealed class BatchCaptureRequestValidator : AbstractValidator<BatchCaptureRequest>
{
    public const int MaxUrls = 1000;

    public BatchCaptureRequestValidator(FetchPolicy policy)
    {
        RuleFor(r => r.Urls).NotNull().WithMessage("urls is required.")
            .Must(urls => urls!.Count > 0).WithMessage("urls must hold at least one URL.")
            .Must(urls => urls!.Count <= MaxUrls).WithMessage(r => $"urls holds {r.Urls!.Count} URLs; at most {MaxUrls} are accepted.");
        RuleForEach(r => r.Urls).Custom((url, context) =>
        {
            if (policy.Explain(url) is { } problem)
            {
                context.AddFailure(problem);
            }
        }).When(r => r.Urls is { Count: <= MaxUrls });
    }
}
