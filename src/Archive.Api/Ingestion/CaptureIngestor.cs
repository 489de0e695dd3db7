using System.Text.Json;
using Archive.Api.Lineage;
using Archive.Data;
using Archive.Data.Entities;
using Archive.Data.Stores;
using Archive.Engine;
using Archive.Engine.Text;
using Archive.Engine.Urls;
using Archive.Transparency.Entries;
using Microsoft.EntityFrameworkCore;

namespace Archive.Api.Ingestion;

/// <summary>
/// Stores a raw page as an immutable capture and the article version derived from it, in one transaction:
/// decode → extract (engine) → content hash → publisher → article identity → version → current pointer.
/// </summary>
public sealed class CaptureIngestor(ArchiveDbContext db, ExtractionRunner extractor, PageBudget pages, CaptureStore captures,
    LineageService lineage, LogStore log, Log.LogSequencer sequencer,
    Articles.ArticleCache cache, Search.SearchIndexer search, Extensions.ServerTiming timing, TimeProvider time, ILogger<CaptureIngestor> logger)
{
    public Task<IngestResult> IngestAsync(RawPage page, CancellationToken ct) => IngestAsync(page, null, ct);

    /// <summary>Ingests <paramref name="page"/>, running <paramref name="inSameTransaction"/> (a job's completion) in the
    /// transaction that stores it, so both commit or neither does.</summary>
    public async Task<IngestResult> IngestAsync(RawPage page, Func<Capture, ArticleVersion, Task>? inSameTransaction,
        CancellationToken ct) =>
        await IngestAsync(page, inSameTransaction, unlessSameUploadStored: false, ct)
        ?? throw new InvalidOperationException("An ingest that does not look for the same upload always stores.");

    /// <summary>
    /// Ingests an upload of <paramref name="page"/> unless the same bytes of the same URL at the same time are stored
    /// already (null then, and nothing stored): decided under the URL keys' locks, so identical uploads racing each
    /// other store one capture and one version (see <see cref="NewCapture.UnlessSameUploadStored"/>).
    /// </summary>
    public Task<IngestResult?> IngestUnlessStoredAsync(RawPage page, CancellationToken ct) =>
        IngestAsync(page, null, unlessSameUploadStored: true, ct);

    private async Task<IngestResult?> IngestAsync(RawPage page, Func<Capture, ArticleVersion, Task>? inSameTransaction,
        bool unlessSameUploadStored, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(page);
        // Decoding, extraction and storing hold copies of the page: big pages take their turn (see PageBudget).
        using var budget = await Timed("budget", () => pages.EnterAsync(page.Body.Length, ct));
        var result = await ExtractStoreAndLinkAsync(page, inSameTransaction, unlessSameUploadStored, ct);
        if (result.Stored is null)
        {
            return null;
        }
        using (timing.Measure("log"))
        {
            var logged = await result.Logged;
            if (logged is null)
            {
                // No pass came (the database is in trouble, or the caller left): the capture's commit is flushed on its own.
                await log.FlushAsync(CancellationToken.None);
            }
            // A read between lineage's eviction and the log pass may have cached the article without its log index. The pass
            // that logged the capture told the other processes at its commit (LogStore.IntegrateAsync); one this process did
            // not see (none came, another process's, or a full pass before the two last) leaves the telling to this eviction.
            var index = logged?.IndexOf(result.Stored.CaptureId);
            if (index is null)
            {
                await cache.EvictAsync([result.Stored.ArticleId], CancellationToken.None);
            }
            else
            {
                await cache.EvictHereAsync([result.Stored.ArticleId], CancellationToken.None);
            }
            return result.Stored with { LogIndex = index };
        }
    }

    /// <summary>
    /// Extraction, store and lineage: the processed page lives in this method alone, so the wait for the log pass and the
    /// answer that follow hold only the result. An upload waits there with the other uploads' extractions running, and
    /// whatever it still references is found alive and copied by each collection in the wait (docs/performance.md, live32).
    /// </summary>
    private async Task<(IngestResult? Stored, Task<Log.LoggedCaptures?> Logged)> ExtractStoreAndLinkAsync(RawPage page,
        Func<Capture, ArticleVersion, Task>? inSameTransaction, bool unlessSameUploadStored, CancellationToken ct)
    {
        // Pure work first, outside the transaction: the engine needs no database.
        var processed = await Timed("extract", () => extractor.ProcessAsync(page, page.Guarded));
        // From here to the end of lineage every statement runs on one pooled connection (see HeldConnection), released
        // before the wait for the log pass, which needs a connection of the same pool.
        return await HeldConnection.RunAsync(db,
            () => StoreAndLinkAsync(page, processed, inSameTransaction, unlessSameUploadStored, ct), ct);
    }

    private async Task<(IngestResult? Stored, Task<Log.LoggedCaptures?> Logged)> StoreAndLinkAsync(RawPage page, ProcessedPage processed,
        Func<Capture, ArticleVersion, Task>? inSameTransaction, bool unlessSameUploadStored, CancellationToken ct)
    {
        var extracted = processed.Article;
        var storing = timing.Measure("store");

        var strategy = db.Database.CreateExecutionStrategy();
        var result = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            var now = time.GetUtcNow();
            var capture = CaptureOf(page, processed.Page.Charset, now);
            var (domain, name) = PublisherResolver.Identify(page.FinalUrl, extracted.Metadata);
            var toStore = new NewCapture(capture, [UrlKey.For(page.FinalUrl), UrlKey.For(page.RequestedUrl)], page.FinalUrl.AbsoluteUri,
                domain, name, now)
            {
                UnlessSameUploadStored = unlessSameUploadStored,
            };
            ArticleVersion Version(Guid articleId, Guid? publisherId) => NewVersion(articleId, capture, processed, publisherId);
            StoredCapture? stored;
            if (inSameTransaction is null)
            {
                // Nothing else belongs in the transaction: its commit travels with the writes.
                stored = await captures.StoreAndCommitAsync(toStore, Version, ct);
            }
            else
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                stored = await captures.StoreAsync(toStore, Version, ct);
                if (stored is null)
                {
                    return null; // the transaction rolls back: it wrote nothing but took the locks
                }
                await inSameTransaction(capture, stored.Version);
                // What the caller's work added to the context (an import's record) is saved in the same transaction.
                if (db.ChangeTracker.HasChanges())
                {
                    await db.SaveChangesAsync(ct);
                }
                await transaction.CommitAsync(ct);
            }
            return stored is null ? null : new IngestResult(capture.Id, stored.Version.ArticleId, stored.Version.Id)
            {
                Capture = Articles.CaptureRef.Of(capture), Version = stored.Version, Evidence = processed.Evidence, Article = stored.Article,
            };
        });
        storing.Dispose();
        if (result is null)
        {
            return (null, Task.FromResult<Log.LoggedCaptures?>(null));
        }
        search.Wake(); // the article's search row is owed from the commit on (see SearchIndexer)
        // Answer only once the capture is in the log under a signed checkpoint, so its receipt exists when the caller asks.
        // The log pass runs while lineage is updated; the pass that logs the capture answers it, even one begun before this.
        var logged = sequencer.WaitForLoggedAsync(result.CaptureId, ct);
        // Lineage is derived data, recomputable from the captures: it runs after the capture is safely stored, and runs to
        // its end even if the caller hangs up (a short update; what a crash interrupts, the sweeper finishes).
        var inNoFamily = await Timed("lineage", () => UpdateLineageAsync(result.ArticleId,
            new IngestedVersion(result.Version, processed) { NewArticle = result.Article.VersionCount == 1 }));
        return (result with { InNoFamily = inNoFamily }, logged);
    }

    /// <summary>Wall time of one phase, for the Server-Timing header the load bench reads (where lineage's time goes).</summary>
    private async Task<T> Timed<T>(string phase, Func<Task<T>> work)
    {
        using (timing.Measure(phase))
        {
            return await work();
        }
    }

    private async Task Timed(string phase, Func<Task> work)
    {
        using (timing.Measure(phase))
        {
            await work();
        }
    }

    /// <summary>
    /// A failed lineage update does not fail the ingest: the capture is stored (a caller told otherwise would send it again
    /// and store a second version), and the pending_lineage row committed with it keeps the update owed to the sweeper.
    /// </summary>
    /// <returns>True when lineage found the article in no family (see <see cref="LineageService.UpdateAsync(Guid, IngestedVersion?, CancellationToken)"/>).</returns>
    private async Task<bool> UpdateLineageAsync(Guid articleId, IngestedVersion ingested)
    {
        try
        {
            return await lineage.UpdateAsync(articleId, ingested, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Lineage of article {ArticleId} failed after its capture was stored; the sweeper runs it again", articleId);
            return false;
        }
    }

    /// <summary>Times are cut to the microsecond PostgreSQL keeps, so the logged entry and the stored row agree exactly.</summary>
    internal static Capture CaptureOf(RawPage page, string charset, DateTimeOffset now) => new()
    {
        RequestedUrl = page.RequestedUrl.AbsoluteUri,
        FinalUrl = page.FinalUrl.AbsoluteUri,
        RedirectChain = JsonSerializer.Serialize(page.Redirects, JsonSerializerOptions.Web),
        HttpStatus = page.HttpStatus,
        ResponseHeaders = JsonSerializer.Serialize(page.Headers.Select(h => new[] { h.Key, h.Value })),
        RequestHeaders = page.RequestHeaders is { } request ? JsonSerializer.Serialize(request.Select(h => new[] { h.Key, h.Value })) : null,
        ContentType = page.ContentType,
        Charset = charset,
        RawCompressed = CapturedBytes.Compress(page.Body.Span),
        RawLength = page.Body.Length,
        RawSha256 = page.BodySha256 ?? ContentHash.OfBytes(page.Body.Span).Hex,
        CapturedAt = EntryTimes.ToMicroseconds(page.CapturedAt),
        StoredAt = EntryTimes.ToMicroseconds(now),
        FetchDurationMs = page.FetchDurationMs,
        Source = page.Source,
        SubmittedBy = page.SubmittedBy,
        JobId = page.JobId,
    };

    internal static ArticleVersion NewVersion(Guid articleId, Capture capture, ProcessedPage processed, Guid? publisherId)
    {
        var extracted = processed.Article;
        var meta = extracted.Metadata;
        // The fields lineage reads back come from the one set of rules it also applies to a page in memory.
        var facts = Engine.Lineage.VersionFacts.Of(processed);
        return new ArticleVersion
        {
            ArticleId = articleId,
            CaptureId = capture.Id,
            CapturedAt = capture.CapturedAt,
            CreatedAt = capture.StoredAt,
            CanonicalUrl = facts.CanonicalUrl,
            Title = meta.Title,
            Byline = facts.Byline,
            PublishedAt = facts.PublishedAt,
            PublishedRaw = meta.PublishedRaw,
            ModifiedAt = facts.ModifiedAt,
            ModifiedRaw = meta.ModifiedRaw,
            Language = meta.Language,
            Description = meta.Description,
            PublisherName = facts.PublisherName,
            PublisherId = publisherId,
            Text = extracted.Text,
            Html = extracted.Html,
            Warnings = [.. extracted.Warnings],
            ExtractionConfidence = extracted.Confidence,
            ContentHash = processed.ContentHash.Hex,
            PageText = facts.PageText,
            Evidence = processed.Evidence,
        };
    }
}

/// <summary>What an ingest stored; the entities as saved let the answer be built without reading them back.</summary>
public sealed record IngestResult(Guid CaptureId, Guid ArticleId, Guid VersionId)
{
    /// <summary>What the answer shows of the capture: the stored row's fields without its bytes, which are garbage once
    /// written (the compressed page, ~50 KiB, held through lineage and the log wait otherwise).</summary>
    public required Articles.CaptureRef Capture { get; init; }
    public required ArticleVersion Version { get; init; }
    public required ArticleEvidence Evidence { get; init; }

    /// <summary>The article row as the ingest's commit left it.</summary>
    public required AnswerArticle Article { get; init; }

    /// <summary>The capture's log index, when the pass the ingest waited for (or the one before it) logged it.</summary>
    public long? LogIndex { get; init; }

    /// <summary>Lineage's check found the article in no family (no pair, no candidate, no site-mate's family changed):
    /// it has no links.</summary>
    public bool InNoFamily { get; init; }
}

