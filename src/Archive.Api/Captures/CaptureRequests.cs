using System.Text;
using FluentValidation;

namespace Archive.Api.Captures;

/// <summary>
/// Submit a URL to fetch, or — with <see cref="Html"/> — upload a page already captured elsewhere.
/// <see cref="Force"/> fetches again even when the URL was submitted within Captures:ReuseWindow.
/// <see cref="IgnoreRobots"/> (admin keys only) fetches even where robots.txt disallows it.
/// </summary>
public sealed record CaptureRequest(string? Url, string? Html = null, DateTimeOffset? CapturedAt = null, bool Force = false,
    bool IgnoreRobots = false);

public sealed record BatchCaptureRequest(IReadOnlyList<string?>? Urls);

internal static class SubmittedUrl
{
    public const int MaxLength = 2048;

    public static bool IsValid(string? value) => Explain(value) is null;

    /// <summary>Why a submitted URL is not acceptable, or null when it is.</summary>
    public static string? Explain(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "A URL is required.";
        }
        if (value.Length > MaxLength)
        {
            return $"The URL is {value.Length} characters long; at most {MaxLength} are accepted.";
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return $"'{value}' is not an absolute URL.";
        }
        if (uri.Scheme is not ("http" or "https"))
        {
            return $"Only http and https URLs can be archived, not '{uri.Scheme}'.";
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "URLs with a user name or password are not accepted.";
        }
        return string.IsNullOrEmpty(uri.Host) ? "The URL has no host." : null;
    }
}

internal sealed class CaptureRequestValidator : AbstractValidator<CaptureRequest>
{
    public const int MaxHtmlBytes = 10 * 1024 * 1024;
    private static readonly DateTimeOffset EarliestCapture = new(1991, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public CaptureRequestValidator(TimeProvider time)
    {
        RuleFor(r => r.Url).Custom((url, context) =>
        {
            if (SubmittedUrl.Explain(url) is { } problem)
            {
                context.AddFailure(problem);
            }
        });
        RuleFor(r => r.Html)
            .Must(html => Encoding.UTF8.GetByteCount(html!) <= MaxHtmlBytes)
            .When(r => r.Html is not null)
            .WithMessage($"The uploaded HTML is larger than {MaxHtmlBytes / (1024 * 1024)} MiB.");
        RuleFor(r => r.Html)
            .Must(html => !string.IsNullOrWhiteSpace(html))
            .When(r => r.Html is not null)
            .WithMessage("The uploaded HTML is empty.");
        RuleFor(r => r.CapturedAt)
            .Must(at => at <= time.GetUtcNow())
            .WithMessage(r => $"capturedAt {r.CapturedAt:O} is in the future.")
            .Must(at => at >= EarliestCapture)
            .WithMessage(r => $"capturedAt {r.CapturedAt:O} is before the web existed.")
            .When(r => r.CapturedAt is not null);
        RuleFor(r => r.CapturedAt)
            .Null()
            .When(r => r.Html is null)
            .WithMessage("capturedAt is only accepted with an uploaded page (html).");
    }
}

internal sealed class BatchCaptureRequestValidator : AbstractValidator<BatchCaptureRequest>
{
    public const int MaxUrls = 1000;

    public BatchCaptureRequestValidator()
    {
        RuleFor(r => r.Urls).NotNull().WithMessage("urls is required.")
            .Must(urls => urls!.Count > 0).WithMessage("urls must hold at least one URL.")
            .Must(urls => urls!.Count <= MaxUrls).WithMessage(r => $"urls holds {r.Urls!.Count} URLs; at most {MaxUrls} are accepted.");
        RuleForEach(r => r.Urls).Custom((url, context) =>
        {
            if (SubmittedUrl.Explain(url) is { } problem)
            {
                context.AddFailure(problem);
            }
        }).When(r => r.Urls is { Count: <= MaxUrls });
    }
}
