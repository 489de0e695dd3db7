using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;

namespace Archive.Fetching;

/// <summary>
/// Captures one HTML page safely: every hop is checked against <see cref="FetchPolicy"/>, redirects are followed here
/// (so each target is re-checked), the whole capture shares one deadline, and the decoded body is capped while read.
/// Expected failures come back as <see cref="FetchFailure"/>; only caller cancellation and bugs throw.
/// </summary>
public sealed class PageFetcher(HttpClient client, FetchPolicy policy, TimeProvider time)
{
    private const string AcceptHtml = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1";

    private readonly FetchOptions _options = policy.Options;

    /// <summary>
    /// Captures <paramref name="url"/>. Throws <see cref="OperationCanceledException"/> only when <paramref name="ct"/> is
    /// cancelled; the configured deadline ends as a <see cref="FetchFailureReason.Timeout"/> failure instead.
    /// </summary>
    public Task<FetchOutcome> FetchAsync(Uri url, CancellationToken ct) => FetchAsync(url, Expect.Page(_options.MaxBodyBytes), ct);

    /// <summary>
    /// Fetches the robots.txt of <paramref name="pageUrl"/>'s origin under the same address policy, redirects and deadline
    /// as a page, accepting any text and at most 500 KiB (RFC 9309 asks crawlers to read at least that much).
    /// </summary>
    public Task<FetchOutcome> FetchRobotsAsync(Uri pageUrl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pageUrl);
        return FetchAsync(new Uri(pageUrl, "/robots.txt"), Expect.Text(Math.Min(500 * 1024, _options.MaxBodyBytes)), ct);
    }

    private async Task<FetchOutcome> FetchAsync(Uri url, Expect expect, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(url);
        var trail = new Trail(url, time.GetUtcNow(), time.GetTimestamp(), time);
        using var deadline = new CancellationTokenSource(_options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            return await FollowAsync(trail, expect, linked.Token);
        }
        catch (Exception) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return trail.Fail(FetchFailureReason.Timeout, $"The capture did not finish within {_options.Timeout.TotalSeconds:0.###} s.");
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && FailureClassifier.TryClassify(ex, out var reason, out var message))
        {
            return trail.Fail(reason, message);
        }
        catch (Exception ex) when (ct.IsCancellationRequested && ex is not OperationCanceledException)
        {
            throw new OperationCanceledException("The capture was cancelled.", ex, ct);
        }
    }

    private async Task<FetchOutcome> FollowAsync(Trail trail, Expect expect, CancellationToken ct)
    {
        var current = trail.RequestedUrl;
        while (true)
        {
            (trail.CurrentUrl, trail.Status) = (current, null);
            if (policy.Check(current) is { } refusal)
            {
                return trail.Fail(refusal.Reason, refusal.Message);
            }

            using var request = CreateRequest(current);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            // Taken before any typed header property is read: parsing would re-serialise the values we archive.
            var received = HeadersAsReceived(response);
            var status = (int)response.StatusCode;
            trail.Status = status;
            if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
            {
                trail.Redirects.Add(new FetchRedirect(current, status));
                if (trail.Redirects.Count > _options.MaxRedirects)
                {
                    return trail.Fail(FetchFailureReason.TooManyRedirects, $"More than {_options.MaxRedirects} redirects.");
                }

                if (!Uri.TryCreate(current, location, out var next))
                {
                    return trail.Fail(FetchFailureReason.InvalidUrl, $"The redirect target '{location}' is not a usable URL.");
                }

                current = next;
                continue;
            }

            return await ReadPageAsync(trail, response, received, expect, ct);
        }
    }

    // A fresh request per hop carries only these headers, so nothing like Authorization or Cookie can follow a
    // redirect to another origin (the handler has UseCookies = false and no credentials either).
    private HttpRequestMessage CreateRequest(Uri url)
    {
        // Pinned to HTTP/1.1 (no upgrade): HTTP/3 runs over QUIC, which never goes through the guarded ConnectCallback.
        var request = new HttpRequestMessage(HttpMethod.Get, url)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        foreach (var (name, value) in RequestHeadersFor(url).Skip(1))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    /// <summary>The headers of the request this fetcher sends for <paramref name="url"/> (Host first, as on the wire);
    /// kept with each capture so a WARC export can write its request record.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> RequestHeadersFor(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return
        [
            new("Host", url.IsDefaultPort ? url.IdnHost : $"{url.IdnHost}:{url.Port}"),
            new("User-Agent", _options.ResolveUserAgent()),
            new("Accept", AcceptHtml),
            new("Accept-Encoding", ContentDecoding.AcceptEncoding),
        ];
    }

    private async Task<FetchOutcome> ReadPageAsync(
        Trail trail, HttpResponseMessage response, IReadOnlyList<KeyValuePair<string, string>> received, Expect expect, CancellationToken ct)
    {
        if (trail.Status is < 200 or >= 300)
        {
            return trail.Fail(FetchFailureReason.HttpStatus, $"The server answered {trail.Status} {response.ReasonPhrase}.");
        }

        var headers = response.Content.Headers;
        var declared = headers.ContentType?.MediaType;
        var mediaType = expect.Html ? HtmlMediaType(declared) : declared ?? "text/plain";
        if (declared is not null && mediaType is null)
        {
            return trail.Fail(FetchFailureReason.NotHtml, $"The response is {declared}, not HTML.");
        }

        var identity = headers.ContentEncoding.All(e => e.Equals("identity", StringComparison.OrdinalIgnoreCase));
        if (identity && headers.ContentLength > expect.MaxBytes)
        {
            return trail.Fail(FetchFailureReason.TooLarge, TooLargeMessage($"declares {headers.ContentLength} bytes"));
        }

        var raw = await response.Content.ReadAsStreamAsync(ct);
        if (!ContentDecoding.TryDecode(raw, headers.ContentEncoding, out var decoded, out var unsupported))
        {
            return trail.Fail(FetchFailureReason.InvalidResponse, $"The body uses an unsupported Content-Encoding '{unsupported}'.");
        }

        byte[]? body;
        await using (decoded)
        {
            body = await CappedReader.ReadAsync(decoded, expect.MaxBytes, identity ? headers.ContentLength : null, ct);
        }

        if (body is null)
        {
            return trail.Fail(FetchFailureReason.TooLarge, TooLargeMessage("is larger"));
        }

        if (identity && headers.ContentLength is { } declaredLength && body.Length < declaredLength)
        {
            return trail.Fail(FetchFailureReason.Truncated, $"The body ended after {body.Length} of the {declaredLength} bytes it declared.");
        }

        if (expect.Html && declared is null && !HtmlSniffer.LooksLikeHtml(body))
        {
            return trail.Fail(FetchFailureReason.NotHtml, "The response has no Content-Type and does not look like HTML.");
        }

        return trail.Succeed(received, mediaType ?? "text/html", headers.ContentType?.CharSet?.Trim('"'), body);
    }

    private string TooLargeMessage(string what) => $"The page {what} than the {_options.MaxBodyBytes}-byte limit.";

    /// <summary>What a fetch accepts: an HTML page up to the body cap, or (robots.txt) any text up to a smaller cap.</summary>
    private sealed record Expect(bool Html, long MaxBytes)
    {
        public static Expect Page(long maxBytes) => new(true, maxBytes);

        public static Expect Text(long maxBytes) => new(false, maxBytes);
    }

    private static string? HtmlMediaType(string? declared) => declared switch
    {
        _ when "text/html".Equals(declared, StringComparison.OrdinalIgnoreCase) => "text/html",
        _ when "application/xhtml+xml".Equals(declared, StringComparison.OrdinalIgnoreCase) => "application/xhtml+xml",
        _ => null,
    };

    private static List<KeyValuePair<string, string>> HeadersAsReceived(HttpResponseMessage response) =>
    [
        .. Flatten(response.Headers.NonValidated),
        .. Flatten(response.Content.Headers.NonValidated),
    ];

    private static IEnumerable<KeyValuePair<string, string>> Flatten(HttpHeadersNonValidated headers) =>
        headers.SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, v)));

    /// <summary>What is known so far about one capture, so a failure at any hop can report it.</summary>
    private sealed class Trail(Uri requestedUrl, DateTimeOffset fetchedAt, long started, TimeProvider time)
    {
        public Uri RequestedUrl { get; } = requestedUrl;

        public Uri? CurrentUrl { get; set; }

        public int? Status { get; set; }

        public List<FetchRedirect> Redirects { get; } = [];

        public FetchOutcome Fail(FetchFailureReason reason, string message) => FetchOutcome.Failed(
            new FetchFailure(reason, message, RequestedUrl, CurrentUrl, Status, [.. Redirects], fetchedAt, time.GetElapsedTime(started)));

        public FetchOutcome Succeed(
            IReadOnlyList<KeyValuePair<string, string>> headers, string contentType, string? charset, byte[] body) => FetchOutcome.Success(
            new FetchedPage(
                RequestedUrl, CurrentUrl!, [.. Redirects], Status!.Value, headers, contentType, charset, body, fetchedAt,
                time.GetElapsedTime(started)));
    }
}
