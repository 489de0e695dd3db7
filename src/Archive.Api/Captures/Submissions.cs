using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Archive.Api.Articles;
using Archive.Api.Ingestion;
using Archive.Api.Jobs;
using Archive.Data.Entities;
using Archive.Data.Stores;
using Archive.Engine.Text;
using Microsoft.Extensions.Options;

namespace Archive.Api.Captures;

/// <summary>A URL to fetch: queued as a job unless it was submitted within Captures:ReuseWindow (and not <see cref="Force"/>d).</summary>
public sealed record QueueSubmission(Uri Url, string SubmittedBy)
{
    public bool Force { get; init; }
    public bool IgnoreRobots { get; init; }
}

/// <summary>A page captured elsewhere, stored as an upload (<see cref="UploadedPage"/>); <see cref="CapturedAt"/> defaults to now.</summary>
public sealed record UploadSubmission(Uri Url, UploadedPage Page, string SubmittedBy)
{
    public DateTimeOffset? CapturedAt { get; init; }
}

/// <summary>
/// The bytes an upload stores and the content type they are decoded by: a page sent as text is its UTF-8 encoding (JSON's
/// <c>html</c> unescaped into bytes, never a string; the reader's form's string, kept so decoding does not make it again);
/// a page sent as itself (a <c>text/html</c> body) is its bytes exactly, with the content type it was sent with, decoded as
/// a fetched page is. As JSON, a page is its <c>html</c> string (<see cref="UploadedHtmlJsonConverter"/>).
/// </summary>
/// <remarks>
/// A page sent as text is encoded into a buffer rented from the shared pool and given back by <see cref="Dispose"/>, once
/// the upload is stored and answered: the bytes are only compressed and hashed into the capture row, and a new array of a
/// page's size was a large object on every upload (~138 KiB of the service's ~3.4 MiB per JSON upload, a quarter of what
/// it put on the large object heap: docs/performance.md, svc28). Nothing may read <see cref="Bytes"/> after the dispose.
/// </remarks>
[JsonConverter(typeof(UploadedHtmlJsonConverter))]
public sealed class UploadedPage : IDisposable
{
    private byte[]? _rented;

    private UploadedPage(ReadOnlyMemory<byte> bytes, string contentType, string? text, byte[]? rented)
    {
        Bytes = bytes;
        ContentType = contentType;
        Text = text;
        _rented = rented;
    }

    /// <summary>The bytes the capture stores.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    public string ContentType { get; }

    /// <summary>The text <see cref="Bytes"/> encode, where the page came as text.</summary>
    public string? Text { get; }

    /// <summary>The most a page's bytes take from the pool: a larger page (rare) is an array of its own, as before, so the
    /// pool never keeps buffers of many MiB.</summary>
    internal const int PooledBytes = 1024 * 1024;

    /// <summary>The content type of a page sent as text: its UTF-8 encoding.</summary>
    internal const string Utf8Html = "text/html; charset=utf-8";

    public static UploadedPage OfText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var length = Encoding.UTF8.GetByteCount(html);
        if (length > PooledBytes)
        {
            return new(Encoding.UTF8.GetBytes(html), Utf8Html, html, null);
        }
        // The same bytes Encoding.UTF8.GetBytes(html) gives (a lone surrogate is U+FFFD's three bytes in both).
        var rented = ArrayPool<byte>.Shared.Rent(length);
        Encoding.UTF8.GetBytes(html, rented);
        return new(rented.AsMemory(0, length), Utf8Html, html, rented);
    }

    /// <summary>
    /// The JSON string <paramref name="reader"/> is on (JSON's <c>html</c>), unescaped straight into the UTF-8 bytes the capture
    /// stores: the bytes <see cref="OfText"/> would make of the string <see cref="Utf8JsonReader.GetString"/> gives, without
    /// that string (a page-sized object on the large object heap for every upload). Decoding reads the bytes, as for a page
    /// sent as itself. Unescaping never lengthens a string, so the value's length in the JSON bounds the buffer.
    /// </summary>
    /// <exception cref="InvalidOperationException">The string is not valid UTF-8 or escapes a lone surrogate: the reader's
    /// refusal, the same one <see cref="Utf8JsonReader.GetString"/> gives (the serializer answers it as a value it could not
    /// convert).</exception>
    internal static UploadedPage OfJson(ref Utf8JsonReader reader)
    {
        var most = checked((int)(reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length));
        if (most > PooledBytes)
        {
            var own = new byte[most];
            return new(own.AsMemory(0, reader.CopyString(own)), Utf8Html, null, null);
        }
        var rented = ArrayPool<byte>.Shared.Rent(most);
        try
        {
            return OfRented(rented, reader.CopyString(rented), Utf8Html);
        }
        catch (InvalidOperationException)
        {
            ArrayPool<byte>.Shared.Return(rented);
            throw;
        }
    }

    public static UploadedPage OfBytes(byte[] bytes, string contentType) => new(bytes, contentType, null, null);

    /// <summary>The first <paramref name="length"/> bytes of <paramref name="rented"/>, a buffer from the shared pool that the
    /// page now owns and gives back.</summary>
    internal static UploadedPage OfRented(byte[] rented, int length, string contentType) =>
        new(rented.AsMemory(0, length), contentType, null, rented);

    /// <summary>Gives a pooled buffer back; the page is not used after.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _rented, null) is { } rented)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}

/// <summary>The job a URL submission got; <see cref="Reused"/> when it is an earlier submission of the same URL.</summary>
public sealed record Queued(Job Job, bool Reused);

/// <summary>The article an upload became; <see cref="Existing"/> when the same bytes of the URL at the same time were stored before.</summary>
public sealed record Uploaded(ArticleResponse Article, Guid VersionId, bool Existing);

/// <summary>The two ways a page comes in from a caller (the API or the reader's forms): queue a URL, or upload a page.</summary>
public sealed class Submissions(JobQueue queue, CaptureIngestor ingestor, ArticleReader reader, SubmissionReads reads,
    Data.ArchiveDbContext db, Extensions.ServerTiming timing, TimeProvider time, IOptions<CaptureOptions> options)
{
    public async Task<Queued> QueueAsync(QueueSubmission submission, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var url = submission.Url.AbsoluteUri;
        if (!submission.Force && await queue.FindRecentAsync(url, options.Value.ReuseWindow, ct) is { } recent)
        {
            return new Queued(recent, Reused: true);
        }
        var jobs = await queue.EnqueueAsync(new NewJobs([url], submission.SubmittedBy) { IgnoreRobots = submission.IgnoreRobots }, ct);
        return new Queued(jobs[0], Reused: false);
    }

    /// <exception cref="Engine.Extraction.PageTooComplexException">The page is beyond what the engine processes.</exception>
    public async Task<Uploaded> UploadAsync(UploadSubmission submission, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var url = submission.Url;
        var capturedAt = submission.CapturedAt?.ToUniversalTime() ?? time.GetUtcNow();
        var body = submission.Page.Bytes;
        // The same bytes of the same URL captured at the same moment are the same capture: sent again (a retried upload
        // without an Idempotency-Key, a re-run import) they answer with what was stored, and add no version. Which form
        // brought them (JSON text or the page's own bytes) and the content type they came with do not matter: the first
        // upload's content type stands, as its capture does.
        var sha256 = submission.CapturedAt is null ? null : ContentHash.OfBytes(body.Span).Hex;
        if (sha256 is not null && await SameUploadAsync(url, sha256, capturedAt, ct) is { } same)
        {
            return same;
        }
        var page = PageOf(submission, sha256, capturedAt);
        IngestResult result;
        if (sha256 is null)
        {
            result = await ingestor.IngestAsync(page, ct);
        }
        // An identical upload that committed after the look above (one racing this one) is found again under the URL keys'
        // locks: this one then answers as a repeat sent after it would.
        else if (await ingestor.IngestUnlessStoredAsync(page, ct) is { } stored)
        {
            result = stored;
        }
        else
        {
            return await SameUploadAsync(url, sha256, capturedAt, ct)
                ?? throw new InvalidOperationException($"An upload of {url} was stored and cannot be read back.");
        }
        ArticleResponse article;
        using (timing.Measure("answer"))
        {
            // An article in no family whose capture's log index the pass told: everything the answer shows is what the
            // upload stored or was told, as its commit left it. Otherwise the answer's reads (article row, log index,
            // lineage) on one connection, taken after the log pass.
            article = result is { InNoFamily: true, LogIndex: { } log }
                ? ArticleReader.Stored(result.Article, result.Capture, result.Version, result.Evidence, log)
                : await Data.HeldConnection.RunAsync(db, () => reader.ReadStoredAsync(result.Capture, result.Version, result.Evidence, ct), ct)
                    ?? throw new InvalidOperationException($"Article {result.ArticleId} was stored and cannot be read back.");
        }
        return new Uploaded(article, result.VersionId, Existing: false);
    }

    /// <summary>The raw page an upload stores: its bytes and content type, with the string it came as (if any) kept for decoding.</summary>
    internal static RawPage PageOf(UploadSubmission submission, string? sha256, DateTimeOffset capturedAt) => new()
    {
        RequestedUrl = submission.Url,
        FinalUrl = submission.Url,
        ContentType = submission.Page.ContentType,
        Body = submission.Page.Bytes,
        BodyText = submission.Page.Text,
        BodySha256 = sha256,
        CapturedAt = capturedAt,
        Source = CaptureSource.Uploaded,
        SubmittedBy = submission.SubmittedBy,
    };

    private async Task<Uploaded?> SameUploadAsync(Uri url, string sha256, DateTimeOffset capturedAt, CancellationToken ct) =>
        await reads.SameUploadAsync(url.AbsoluteUri, sha256, capturedAt, ct) is { } same
        && await reader.ReadAsync(same.ArticleId, same.VersionId, ct) is { } existing
            ? new Uploaded(existing, same.VersionId, Existing: true)
            : null;
}
