using System.Text;
using Archive.Fetching;
using FluentValidation;

namespace Archive.Api.Captures;

/// <summary>
/// Submit a URL to fetch, or — with <see cref="Html"/> — upload a page already captured elsewhere.
/// <see cref="Force"/> fetches again even when the URL was submitted within Captures:ReuseWindow.
/// <see cref="IgnoreRobots"/> (admin keys only) fetches even where robots.txt disallows it.
/// </summary>
/// <remarks>
/// <see cref="Html"/> is bound as the page's UTF-8 bytes, in a buffer from the shared pool (<see cref="UploadedPage.OfJson"/>):
/// the request owns it until its handler takes it, and gives it back when disposed (the validation filter disposes a request
/// it refuses). A body that fails to bind after its <c>html</c> was read leaves the buffer to the collector (the pool only
/// misses one rent).
/// </remarks>
public sealed record CaptureRequest(string? Url, UploadedPage? Html = null, DateTimeOffset? CapturedAt = null, bool Force = false,
    bool IgnoreRobots = false) : IDisposable
{
    public void Dispose() => Html?.Dispose();
}

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
            .Must(html => html!.Bytes.Length <= MaxHtmlBytes)
            .When(r => r.Html is not null)
            .WithMessage($"The uploaded HTML is larger than {MaxHtmlBytes / (1024 * 1024)} MiB.");
        RuleFor(r => r.Html)
            .Must(html => !IsWhiteSpace(html!.Bytes.Span))
            .When(r => r.Html is not null)
            .WithMessage("The uploaded HTML is empty.");
        RuleFor(r => r.CapturedAt).WithinTheWeb(time);
        RuleFor(r => r.CapturedAt)
            .Null()
            .When(r => r.Html is null)
            .WithMessage("capturedAt is only accepted with an uploaded page (html).");
    }

    /// <summary>
    /// Whether UTF-8 text is empty or only white space, as <see cref="string.IsNullOrWhiteSpace"/> says of the same text (every
    /// white-space character is in the Basic Multilingual Plane, so a rune is white space exactly when its char is). Bytes
    /// that are not UTF-8 are not white space. A page ends the walk at its first other character.
    /// </summary>
    internal static bool IsWhiteSpace(ReadOnlySpan<byte> utf8)
    {
        while (!utf8.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(utf8, out var rune, out var consumed) != System.Buffers.OperationStatus.Done || !Rune.IsWhiteSpace(rune))
            {
                return false;
            }
            utf8 = utf8[consumed..];
        }
        return true;
    }
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
