using System.Text.Json;
using Archive.Data.Entities;
using Archive.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using static Archive.Data.BatchCommands;

namespace Archive.Data.Stores;

/// <summary>A capture to store: its row, the URL keys that lead to its article, and the outlet it belongs to.</summary>
/// <param name="UrlKeys">The article's URL keys, the final URL's first (its article wins when they lead to two).</param>
/// <param name="ArticleUrl">The URL a new article is known by.</param>
/// <param name="PublisherDomain">The outlet's registrable domain; <paramref name="PublisherName"/> names it when new or unnamed.</param>
public sealed record NewCapture(Capture Capture, IReadOnlyList<string> UrlKeys, string ArticleUrl, string PublisherDomain,
    string PublisherName, DateTimeOffset Now)
{
    /// <summary>
    /// Store nothing if an upload of the same bytes of the same URL at the same time is stored already (an upload that
    /// gave its capture time). Looked for under the URL keys' locks, so identical uploads arriving at once store one capture.
    /// </summary>
    public bool UnlessSameUploadStored { get; init; }
}

/// <summary>What an ingest stored: the version, and its article as the ingest's commit left it (the answer's article row).</summary>
public sealed record StoredCapture(ArticleVersion Version, AnswerArticle Article);

/// <summary>
/// The writes of one ingest without EF Core's change tracker: one batch takes the URL keys' locks and reads the outlet and
/// the article; one writes capture, article, URL keys, version, current pointer, owed lineage and owed log entry (a new article and its
/// first version in one statement, the article pointing at it). In the
/// caller's transaction (<see cref="StoreAsync"/>, the caller commits: three round trips), or in a transaction of its own
/// (<see cref="StoreAndCommitAsync"/>: BEGIN travels with the reads and COMMIT with the writes, two). A new outlet costs
/// one more (its lock and a read).
/// </summary>
public sealed class CaptureStore(ArchiveDbContext db)
{
    /// <summary>
    /// Stores <paramref name="capture"/> and the version <paramref name="version"/> makes for its article (given the article's
    /// id and the outlet's), makes that version current unless the article has a newer capture, and owes the article's
    /// lineage update and the capture's log entry. Commits nothing: the caller's transaction does. Null, with nothing
    /// written, when <see cref="NewCapture.UnlessSameUploadStored"/> and the same upload is stored.
    /// </summary>
    public Task<StoredCapture?> StoreAsync(NewCapture capture, Func<Guid, Guid?, ArticleVersion> version, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
            ?? throw new InvalidOperationException("An ingest runs in the caller's transaction.");
        return StoreAsync(transaction.Connection!, transaction, capture, version, ct);
    }

    /// <summary>
    /// <see cref="StoreAsync"/> in a transaction of its own on the context's open connection, committed with the writes: the
    /// commit was a round trip of its own (a wake of the service and of the backend) for an ingest with nothing more to do
    /// in its transaction. Rolled back, whatever happened, when it did not commit. Null, with nothing written, as there.
    /// </summary>
    public async Task<StoredCapture?> StoreAndCommitAsync(NewCapture capture, Func<Guid, Guid?, ArticleVersion> version,
        CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("An ingest that commits itself runs outside any transaction of the caller.");
        }
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        StoredCapture? stored = null;
        try
        {
            return stored = await StoreAsync(connection, null, capture, version, ct);
        }
        finally
        {
            if (stored is null && connection.FullState == System.Data.ConnectionState.Open)
            {
                // Ends the transaction (the same upload was found, or a statement failed); a no-op warning if none is open.
                await using var end = new NpgsqlCommand("ROLLBACK", connection);
                await end.ExecuteNonQueryAsync(CancellationToken.None);
            }
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <param name="transaction">The caller's; null when this ingest begins and commits its own.</param>
    private static async Task<StoredCapture?> StoreAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, NewCapture capture,
        Func<Guid, Guid?, ArticleVersion> version, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(version);
        var found = await FindAsync(connection, capture.UrlKeys, capture.PublisherDomain, ct,
            capture.UnlessSameUploadStored ? capture.Capture : null, begin: transaction is null);
        if (found.SameUploadStored)
        {
            return null;
        }
        var publisher = found.Publisher;
        var newPublisher = false;
        if (publisher is null)
        {
            // A new outlet: two of its first pages arriving at once must create it once. Known outlets (nearly every page) are
            // read without the lock, which would make every upload from one outlet wait for the one before it.
            publisher = await FindPublisherLockedAsync(connection, capture.PublisherDomain, ct);
            newPublisher = publisher is null;
            publisher ??= new PublisherRow(Guid.CreateVersion7(), capture.PublisherName, capture.PublisherDomain);
        }
        var article = found.Article;
        var articleId = article?.Id ?? Guid.CreateVersion7();
        var stored = version(articleId, publisher.Id);
        // The current version is the newest capture, whatever order captures arrive in (uploads can be old).
        var current = article?.CurrentCapturedAt is not { } at || stored.CapturedAt >= at;

        await using var write = new NpgsqlBatch(connection, transaction);
        var commands = write.BatchCommands;
        if (newPublisher)
        {
            commands.Add(Command("INSERT INTO publishers (id, name, primary_domain, created_at) VALUES ($1, $2, $3, $4)",
                publisher.Id, publisher.Name, publisher.Domain, capture.Now));
            commands.Add(Command("INSERT INTO publisher_domains (domain, publisher_id) VALUES ($1, $2)", publisher.Domain, publisher.Id));
        }
        else if (publisher.Name == publisher.Domain && capture.PublisherName != capture.PublisherDomain)
        {
            // A publisher first seen without a name gets one as soon as a page declares it.
            commands.Add(Command("UPDATE publishers SET name = $2 WHERE id = $1", publisher.Id, capture.PublisherName));
            publisher = publisher with { Name = capture.PublisherName };
        }
        commands.Add(InsertCapture(capture.Capture));
        if (article is null)
        {
            // A new article is inserted with its first version and already pointing at it, in one statement: the foreign keys
            // between the two rows are checked when the statement ends, with both in. Inserted bare and pointed at its
            // version by an update, the article's row was written twice (a second row version and its indexes' entries,
            // one statement more: ~0.07 ms of PostgreSQL's CPU an upload; docs/performance.md, "pg35").
            commands.Add(InsertArticleWithVersion(stored, capture.ArticleUrl, publisher.Id, capture.Capture.StoredAt));
        }
        else
        {
            commands.Add(InsertVersion(stored));
        }
        string[] newKeys = [.. capture.UrlKeys.Distinct(StringComparer.Ordinal).Except(found.KnownKeys, StringComparer.Ordinal)];
        if (newKeys.Length > 0)
        {
            commands.Add(Command("INSERT INTO article_urls (url_key, article_id) SELECT unnest($1::text[]), $2", newKeys, articleId));
        }
        if (article is not null && current)
        {
            commands.Add(Command("UPDATE articles SET current_version_id = $2, publisher_id = coalesce(publisher_id, $3) WHERE id = $1",
                articleId, stored.Id, publisher.Id));
        }
        // Lineage is owed from this commit on; the row outlives a crash before the update (see LineageSweeper).
        commands.Add(Command("""
            INSERT INTO pending_lineage (article_id, queued_at) VALUES ($1, $2)
            ON CONFLICT (article_id) DO UPDATE SET queued_at = excluded.queued_at
            """, articleId, capture.Now));
        // The log entry is owed from this commit on, like lineage: a crash before it is integrated leaves it owed.
        var owed = LogStore.CaptureOwed(capture.Capture, stored);
        commands.Add(Command("""
            INSERT INTO log_pending (entry, kind, capture_id, article_ids, content_hash, raw_hash, queued_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """, owed.Entry, EnumText.Of(owed.Kind), NullableUuid(owed.CaptureId), owed.ArticleIds, Text(owed.ContentHash), Text(owed.RawHash),
            owed.QueuedAt));
        if (transaction is null)
        {
            commands.Add(Command("COMMIT"));
        }
        await write.ExecuteNonQueryAsync(ct);
        return new StoredCapture(stored, AsStored(article, articleId, capture.ArticleUrl, publisher, current ? stored.Id : null));
    }

    /// <summary>
    /// The article row as this ingest's commit leaves it, from what its reads found and its writes changed: what the answer
    /// showed after reading it back (<see cref="StoredAnswerReads"/>), unless another ingest of the article committed since.
    /// </summary>
    private static AnswerArticle AsStored(ArticleRow? article, Guid articleId, string url, PublisherRow outlet, Guid? madeCurrent)
    {
        if (article is null)
        {
            return new AnswerArticle(articleId, url, madeCurrent, outlet.Id, outlet.Name, outlet.Domain, 1);
        }
        // The article keeps its own outlet; one without is given the page's when the version becomes current.
        var publisher = article.Publisher is { } own
            ? own.Id == outlet.Id ? outlet : own
            : madeCurrent is null ? null : outlet;
        return new AnswerArticle(articleId, article.Url, madeCurrent ?? article.CurrentVersionId, publisher?.Id, publisher?.Name,
            publisher?.Domain, article.VersionCount + 1);
    }

    internal sealed record PublisherRow(Guid Id, string Name, string Domain);

    internal sealed record ArticleRow(Guid Id, DateTimeOffset? CurrentCapturedAt, string Url, Guid? CurrentVersionId, PublisherRow? Publisher,
        int VersionCount);

    internal sealed record Found(PublisherRow? Publisher, ArticleRow? Article, List<string> KnownKeys, bool SameUploadStored);

    private const string PublisherByDomain =
        "SELECT p.id, p.name, p.primary_domain FROM publisher_domains d JOIN publishers p ON p.id = d.publisher_id WHERE d.domain = $1";

    /// <summary>One round trip: durability deferred to the log pass, the URL keys' locks, the outlet, the article (a lookup by
    /// a key array, with a generic plan: <see cref="BatchCommands.AddWithGenericPlan"/>), and whether an upload of
    /// <paramref name="sameUploadOf"/>'s bytes, URL and time is stored.</summary>
    internal static async Task<Found> FindAsync(NpgsqlConnection connection, IReadOnlyList<string> urlKeys, string publisherDomain,
        CancellationToken ct, Capture? sameUploadOf = null, bool begin = false)
    {
        string[] keys = [.. urlKeys.Distinct(StringComparer.Ordinal)];
        // Two captures of one URL arriving at once must land on one article: serialise on the URL keys, in one order (the
        // keys' own). Volatile functions in the select list run after the sort.
        long[] locks = [.. keys.Order(StringComparer.Ordinal).Select(LockKeys.ArticleUrl)];
        await using var batch = new NpgsqlBatch(connection);
        if (begin)
        {
            batch.BatchCommands.Add(Command("BEGIN"));
        }
        // Durable with the log pass, which commits after this and flushes both (one flush for every upload it takes).
        batch.BatchCommands.Add(Command(LogStore.DeferDurabilityToLog));
        batch.BatchCommands.Add(Command("SELECT pg_advisory_xact_lock(l.key) FROM unnest($1::bigint[]) WITH ORDINALITY AS l(key, n) ORDER BY l.n", locks));
        batch.BatchCommands.Add(Command(PublisherByDomain, publisherDomain));
        if (sameUploadOf is { } same)
        {
            // After the locks, so it sees an identical upload that committed while this one waited for them.
            batch.BatchCommands.Add(Command("""
                SELECT EXISTS (SELECT FROM captures c JOIN article_versions v ON v.capture_id = c.id
                    WHERE c.raw_sha256 = $1 AND c.captured_at = $2 AND c.requested_url = $3 AND c.source = $4)
                """, same.RawSha256, same.CapturedAt, same.RequestedUrl, EnumText.Of(CaptureSource.Uploaded)));
        }
        // The article's URL, current version, outlet and version count too: the upload's answer shows them as its commit
        // leaves them, without reading them back.
        batch.AddWithGenericPlan(Command("""
            SELECT u.url_key, a.id, v.captured_at, a.url, a.current_version_id, p.id, p.name, p.primary_domain,
                   (SELECT count(*)::int FROM article_versions n WHERE n.article_id = a.id)
            FROM article_urls u
            JOIN articles a ON a.id = u.article_id LEFT JOIN article_versions v ON v.id = a.current_version_id
            LEFT JOIN publishers p ON p.id = a.publisher_id
            WHERE u.url_key = ANY($1) ORDER BY array_position($1, u.url_key)
            """, (object)keys));
        // BEGIN has no result set: the reader starts at the setting's.
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        await reader.NextResultAsync(ct);
        var publisher = await ReadPublisherAsync(reader, ct);
        var sameStored = sameUploadOf is not null && await reader.NextResultAsync(ct) && await reader.ReadAsync(ct) && reader.GetBoolean(0);
        // Past the setting that asks for the generic plan, to the lookup's rows.
        await reader.NextResultAsync(ct);
        await reader.NextResultAsync(ct);
        ArticleRow? article = null;
        var known = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            known.Add(reader.GetString(0));
            article ??= new ArticleRow(reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetGuid(4),
                reader.IsDBNull(5) ? null : new PublisherRow(reader.GetGuid(5), reader.GetString(6), reader.GetString(7)), reader.GetInt32(8));
        }
        return new Found(publisher, article, known, sameStored);
    }

    private static async Task<PublisherRow?> FindPublisherLockedAsync(NpgsqlConnection connection, string domain, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { Command("SELECT pg_advisory_xact_lock($1)", LockKeys.Publisher(domain)), Command(PublisherByDomain, domain) },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        return await ReadPublisherAsync(reader, ct);
    }

    private static async Task<PublisherRow?> ReadPublisherAsync(NpgsqlDataReader reader, CancellationToken ct) =>
        await reader.ReadAsync(ct) ? new PublisherRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2)) : null;

    private static NpgsqlBatchCommand InsertCapture(Capture c) => Command("""
        INSERT INTO captures (id, requested_url, final_url, redirect_chain, http_status, response_headers, request_headers,
            content_type, charset, raw_compressed, raw_length, raw_sha256, captured_at, fetch_duration_ms, source, submitted_by,
            job_id, stored_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
        """, c.Id, c.RequestedUrl, c.FinalUrl, Jsonb(c.RedirectChain), Integer(c.HttpStatus), Jsonb(c.ResponseHeaders), Jsonb(c.RequestHeaders),
        Text(c.ContentType), Text(c.Charset), c.RawCompressed, c.RawLength, c.RawSha256, c.CapturedAt, Bigint(c.FetchDurationMs),
        EnumText.Of(c.Source), Text(c.SubmittedBy), NullableUuid(c.JobId), c.StoredAt);

    private const string VersionInsert = """
        INSERT INTO article_versions (id, article_id, capture_id, captured_at, canonical_url, title, byline, published_at,
            published_raw, modified_at, modified_raw, language, description, publisher_name, publisher_id, text, html, content_hash,
            evidence, page_text, warnings, extraction_confidence, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
        """;

    private static object?[] VersionValues(ArticleVersion v) =>
    [
        v.Id, v.ArticleId, v.CaptureId, v.CapturedAt, Text(v.CanonicalUrl), Text(v.Title), Text(v.Byline), Time(v.PublishedAt),
        Text(v.PublishedRaw), Time(v.ModifiedAt), Text(v.ModifiedRaw), Text(v.Language), Text(v.Description), Text(v.PublisherName),
        NullableUuid(v.PublisherId), v.Text, v.Html, v.ContentHash, Jsonb(JsonSerializer.Serialize(v.Evidence, JsonSerializerOptions.Web)),
        Text(v.PageText), v.Warnings, Double(v.ExtractionConfidence), v.CreatedAt,
    ];

    private static NpgsqlBatchCommand InsertVersion(ArticleVersion v) => Command(VersionInsert, VersionValues(v));

    /// <summary>A new article (<c>$2</c>, the version's article) with its first version as its current one (<c>$1</c>).</summary>
    private static NpgsqlBatchCommand InsertArticleWithVersion(ArticleVersion v, string url, Guid publisherId, DateTimeOffset createdAt) =>
        Command($"""
            WITH article AS (
                INSERT INTO articles (id, url, publisher_id, created_at, current_version_id) VALUES ($2, $24, $25, $26, $1))
            {VersionInsert}
            """, [.. VersionValues(v), url, publisherId, createdAt]);
}
