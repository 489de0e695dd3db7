namespace Archive.Fetching;

/// <summary>Why a capture attempt produced no page. The host stores and answers it as kebab-case text (<c>blocked-address</c>)
/// through its one enum string policy, as a job's failure reason of the same name.</summary>
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
