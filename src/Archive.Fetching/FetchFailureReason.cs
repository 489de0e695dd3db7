namespace Archive.Fetching;

/// <summary>Why a capture attempt produced no page. Serialise with <see cref="FetchFailureReasonExtensions.ToApiString"/>.</summary>
public enum FetchFailureReason
{
    InvalidUrl,
    Dns,
    Refused,
    BlockedAddress,
    Timeout,
    TooLarge,
    NotHtml,
    HttpStatus,
    TooManyRedirects,
    Tls,
    Network,
    /// <summary>The body ended before the length the response declared: what was received is not the page.</summary>
    Truncated,
    /// <summary>The response cannot be read as HTTP (headers over the limit, a Content-Encoding we cannot undo): permanent.</summary>
    InvalidResponse,
}

public static class FetchFailureReasonExtensions
{
    /// <summary>The stable kebab-case name used by the API and stored with failed jobs, e.g. <c>blocked-address</c>.</summary>
    public static string ToApiString(this FetchFailureReason reason) => reason switch
    {
        FetchFailureReason.InvalidUrl => "invalid-url",
        FetchFailureReason.Dns => "dns",
        FetchFailureReason.Refused => "refused",
        FetchFailureReason.BlockedAddress => "blocked-address",
        FetchFailureReason.Timeout => "timeout",
        FetchFailureReason.TooLarge => "too-large",
        FetchFailureReason.NotHtml => "not-html",
        FetchFailureReason.HttpStatus => "http-status",
        FetchFailureReason.TooManyRedirects => "too-many-redirects",
        FetchFailureReason.Tls => "tls",
        FetchFailureReason.Network => "network",
        FetchFailureReason.Truncated => "truncated",
        FetchFailureReason.InvalidResponse => "invalid-response",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
