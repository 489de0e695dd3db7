using System.Diagnostics.CodeAnalysis;

namespace Archive.Fetching;

/// <summary>One redirect answered by <paramref name="Url"/> with <paramref name="Status"/> (301, 302, 303, 307 or 308).</summary>
public sealed record FetchRedirect(Uri Url, int Status);

/// <summary>
/// A page as received. <see cref="Body"/> is the entity body after removing Content-Encoding (gzip, deflate, br),
/// byte for byte, not decoded to text; <see cref="Headers"/> are exactly as received, Content-Encoding included.
/// </summary>
public sealed record FetchedPage(
    Uri RequestedUrl,
    Uri FinalUrl,
    IReadOnlyList<FetchRedirect> Redirects,
    int Status,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string ContentType,
    string? Charset,
    byte[] Body,
    DateTimeOffset FetchedAt,
    TimeSpan Duration);

/// <summary>An expected failure, with whatever was learnt before it (final URL, status, redirects).</summary>
public sealed record FetchFailure(
    FetchFailureReason Reason,
    string Message,
    Uri RequestedUrl,
    Uri? FinalUrl,
    int? Status,
    IReadOnlyList<FetchRedirect> Redirects,
    DateTimeOffset FetchedAt,
    TimeSpan Duration);

/// <summary>Either a <see cref="FetchedPage"/> or a <see cref="FetchFailure"/>; check <see cref="Succeeded"/>.</summary>
public sealed record FetchOutcome
{
    private FetchOutcome(FetchedPage? page, FetchFailure? failure) => (Page, Failure) = (page, failure);

    public FetchedPage? Page { get; }

    public FetchFailure? Failure { get; }

    [MemberNotNullWhen(true, nameof(Page))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Page is not null;

    public static FetchOutcome Success(FetchedPage page) => new(page ?? throw new ArgumentNullException(nameof(page)), null);

    public static FetchOutcome Failed(FetchFailure failure) => new(null, failure ?? throw new ArgumentNullException(nameof(failure)));
}
