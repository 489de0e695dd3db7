using Archive.Data.Entities;
using Archive.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using static Archive.Data.BatchCommands;

namespace Archive.Data.Lineage;

/// <summary>
/// One lineage member as stored: the version lineage reads (the newest observed one, else the newest claim), how its capture
/// came, and when the archive first received its text.
/// </summary>
/// <remarks>When the version is the one the caller said it holds (<see cref="Held"/>), its text, page text and evidence are
/// not read: <see cref="Text"/>, <see cref="Evidence"/> and <see cref="PageText"/> are null.</remarks>
public sealed record LineageMemberRow
{
    public required Guid ArticleId { get; init; }
    public required string Url { get; init; }
    public Guid? PublisherId { get; init; }
    /// <summary>The version lineage reads.</summary>
    public required Guid VersionId { get; init; }
    /// <summary>True when <see cref="VersionId"/> is the version the caller holds, whose texts were therefore not read.</summary>
    public required bool Held { get; init; }
    public string? Text { get; init; }
    public string? PublisherName { get; init; }
    public string? Byline { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public DateTimeOffset? ModifiedAt { get; init; }
    public string? CanonicalUrl { get; init; }
    public string? Evidence { get; init; }
    public string? PageText { get; init; }
    /// <summary>True when the archive's worker fetched the capture.</summary>
    public required bool Fetched { get; init; }
    public string? SubmittedBy { get; init; }
    /// <summary>True when a key the admin trusts uploaded the capture.</summary>
    public required bool Trusted { get; init; }
    public required DateTimeOffset CapturedAt { get; init; }
    /// <summary>When the archive first received this text for this article (the earliest capture with the same content hash).</summary>
    public required DateTimeOffset FirstSeen { get; init; }
}

/// <summary>The evidence lineage reads beyond texts: member provenance, and each site's paragraphs (its template).</summary>
public sealed class LineageEvidenceStore(ArchiveDbContext db)
{
    /// <summary>How <see cref="Capture.SubmittedBy"/> names a key.</summary>
    public const string KeyPrefix = "key:";

    /// <summary>Other pages read per paragraph when asking whether a site repeats it: two are enough to tell a template
    /// from a one-off, a third guards against one of them being a duplicate of the page.</summary>
    public const int HoldersPerParagraph = 3;

    private static readonly string Fetched = EnumText.Of(CaptureSource.Fetched);

    /// <summary>
    /// Members for lineage. A claim never outranks an observation: where an article has a version the archive observed
    /// (fetched, or uploaded by a trusted key), lineage reads the newest of those even if an upload is newer. Read with a
    /// generic plan (<see cref="BatchCommands.AddWithGenericPlan"/>): index scans by id whatever the array holds, and every
    /// upload reads its own article here.
    /// </summary>
    public Task<List<LineageMemberRow>> MembersAsync(IReadOnlyCollection<Guid> articleIds, CancellationToken ct) =>
        MembersAsync(articleIds, null, ct);

    /// <summary>The members, as <see cref="MembersAsync(IReadOnlyCollection{Guid}, CancellationToken)"/>; a member whose
    /// chosen version is <paramref name="heldVersion"/> comes without its text, page text and evidence (<see
    /// cref="LineageMemberRow.Held"/>): an ingest holds them in memory, and they are most of what the read would bring back
    /// (and what PostgreSQL would detoast to send). Which version is chosen is decided here alone, as before.</summary>
    public async Task<List<LineageMemberRow>> MembersAsync(IReadOnlyCollection<Guid> articleIds, Guid? heldVersion, CancellationToken ct)
    {
        if (articleIds.Count == 0)
        {
            return [];
        }
        Guid[] ids = [.. articleIds];
        return await HeldConnection.RunAsync(db, async () =>
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(),
                db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction);
            batch.AddWithGenericPlan(Command(Members, ids, Fetched, KeyPrefix, NullableUuid(heldVersion)));
            await using var reader = await batch.ExecuteReaderAsync(ct);
            await reader.NextResultAsync(ct);
            var rows = new List<LineageMemberRow>();
            while (await reader.ReadAsync(ct))
            {
                rows.Add(ReadMember(reader));
            }
            return rows;
        }, ct);
    }

    private const string Members = """
        SELECT a.id, a.url, a.publisher_id, v.id, v.held, CASE WHEN v.held THEN NULL ELSE v.text END, v.publisher_name, v.byline,
               v.published_at, v.modified_at, v.canonical_url, CASE WHEN v.held THEN NULL ELSE v.evidence END,
               CASE WHEN v.held THEN NULL ELSE v.page_text END, v.fetched, v.submitted_by, v.trusted, v.captured_at,
               (SELECT min(c2.stored_at) FROM article_versions v2 JOIN captures c2 ON c2.id = v2.capture_id
                WHERE v2.article_id = a.id AND v2.content_hash = v.content_hash) AS first_seen
        FROM articles a
        CROSS JOIN LATERAL (
            SELECT v.*, (v.id = $4) IS TRUE AS held, c.submitted_by, c.source = $2 AS fetched, k.id IS NOT NULL AS trusted
            FROM article_versions v
            JOIN captures c ON c.id = v.capture_id
            LEFT JOIN api_keys k ON k.trusted AND c.source <> $2 AND c.submitted_by = $3 || k.id::text
            WHERE v.article_id = a.id
            ORDER BY (c.source = $2 OR k.id IS NOT NULL) DESC, v.captured_at DESC, v.id DESC
            LIMIT 1) v
        WHERE a.id = ANY($1)
        """;

    private static LineageMemberRow ReadMember(NpgsqlDataReader r) => new()
    {
        ArticleId = r.GetGuid(0),
        Url = r.GetString(1),
        PublisherId = r.IsDBNull(2) ? null : r.GetGuid(2),
        VersionId = r.GetGuid(3),
        Held = r.GetBoolean(4),
        Text = r.IsDBNull(5) ? null : r.GetString(5),
        PublisherName = r.IsDBNull(6) ? null : r.GetString(6),
        Byline = r.IsDBNull(7) ? null : r.GetString(7),
        PublishedAt = r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8),
        ModifiedAt = r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9),
        CanonicalUrl = r.IsDBNull(10) ? null : r.GetString(10),
        Evidence = r.IsDBNull(11) ? null : r.GetString(11),
        PageText = r.IsDBNull(12) ? null : r.GetString(12),
        Fetched = r.GetBoolean(13),
        SubmittedBy = r.IsDBNull(14) ? null : r.GetString(14),
        Trusted = r.GetBoolean(15),
        CapturedAt = r.GetFieldValue<DateTimeOffset>(16),
        FirstSeen = r.GetFieldValue<DateTimeOffset>(17),
    };

    /// <summary>
    /// The statements that replace an article's paragraphs in its site's index, each returning the keys it changed (removed,
    /// then added): only those can change what its site-mates' template holds. <see cref="LineageStore.ReplaceIndexesAsync"/>
    /// sends them with the fingerprint keys, in one batch that commits before any reader looks.
    /// </summary>
    /// <remarks>The paragraphs are inserted less those the article already holds, as its fingerprint keys are; for an
    /// article's first paragraphs (<see cref="IndexWrite.First"/>) only inserted; after a concurrent update's row
    /// (<see cref="IndexWrite.Raced"/>), by skipping conflicts instead (see <see cref="LineageStore.ReplaceIndexesAsync(Guid,
    /// long[], Guid?, long[], bool, CancellationToken)"/>).</remarks>
    internal static NpgsqlBatchCommand[] ReplaceSiteParagraphs(Guid articleId, Guid? publisherId, long[] keys, IndexWrite write)
    {
        var insert = new NpgsqlBatchCommand(write switch
        {
            IndexWrite.First => """
                INSERT INTO site_paragraphs (publisher_id, key, article_id) SELECT $2, k, $1 FROM unnest($3) AS k
                WHERE $2 IS NOT NULL RETURNING key
                """,
            IndexWrite.Raced => """
                INSERT INTO site_paragraphs (publisher_id, key, article_id) SELECT $2, k, $1 FROM unnest($3) AS k
                WHERE $2 IS NOT NULL ON CONFLICT DO NOTHING RETURNING key
                """,
            _ => """
                INSERT INTO site_paragraphs (publisher_id, key, article_id) SELECT $2, k, $1 FROM unnest($3) AS k
                WHERE $2 IS NOT NULL AND k NOT IN (SELECT s.key FROM site_paragraphs s WHERE s.article_id = $1) RETURNING key
                """,
        })
        { Parameters = { Uuid(articleId), NullableUuid(publisherId), Keys(keys) } };
        if (write == IndexWrite.First)
        {
            return [insert];
        }
        return
        [
            new("""
                DELETE FROM site_paragraphs WHERE article_id = $1 AND (publisher_id IS DISTINCT FROM $2 OR NOT (key = ANY($3)))
                RETURNING key
                """) { Parameters = { Uuid(articleId), NullableUuid(publisherId), Keys(keys) } },
            insert,
        ];
    }

    /// <summary>
    /// For each (member, paragraph key), up to <see cref="HoldersPerParagraph"/> other pages of the member's site that carry
    /// the paragraph too: what <c>SiteParagraphs.Template</c> turns into the member's template.
    /// </summary>
    public async Task<List<SiteHolder>> HoldersAsync(IReadOnlyList<(Guid ArticleId, Guid PublisherId, long Key)> asked, CancellationToken ct)
    {
        if (asked.Count == 0)
        {
            return [];
        }
        Guid[] articles = [.. asked.Select(a => a.ArticleId)];
        Guid[] publishers = [.. asked.Select(a => a.PublisherId)];
        long[] keys = [.. asked.Select(a => a.Key)];
        return await db.Database.SqlQuery<SiteHolder>($"""
            SELECT m.article_id AS article_id, m.key AS key, h.article_id AS holder
            FROM unnest({articles}, {publishers}, {keys}) AS m(article_id, publisher_id, key)
            CROSS JOIN LATERAL (
                SELECT s.article_id FROM site_paragraphs s
                WHERE s.publisher_id = m.publisher_id AND s.key = m.key AND s.article_id <> m.article_id
                LIMIT {HoldersPerParagraph}) h
            """).ToListAsync(ct);
    }

    /// <summary>
    /// SQL for the pages of site <c>@publisher_id</c> whose template the article's changed paragraphs (<c>@changed_keys</c>)
    /// may have changed: a paragraph now shared (or no longer shared) with at most two other pages changes what their
    /// template holds; one shared with more pages already was part of it. Bounded: at most three postings per paragraph.
    /// </summary>
    public const string SiteMates = """
        SELECT DISTINCT h.article_id
        FROM unnest(@changed_keys) AS ck(key)
        CROSS JOIN LATERAL (
            SELECT array_agg(s.article_id) AS holders FROM (
                SELECT s.article_id FROM site_paragraphs s
                WHERE s.publisher_id = @publisher_id AND s.key = ck.key AND s.article_id <> @article_id
                LIMIT 3) s) l
        CROSS JOIN LATERAL unnest(l.holders) AS h(article_id)
        WHERE cardinality(l.holders) <= 2
        """;

    /// <summary>True when one of the <see cref="SiteMates"/> belongs to a family (whose links its template may change).</summary>
    public const string SiteMateInFamily = $"""
        EXISTS (SELECT FROM ({SiteMates}) m
                WHERE EXISTS (SELECT FROM story_pairs p WHERE p.article_a = m.article_id OR p.article_b = m.article_id))
        """;

    /// <summary>The <see cref="SiteMates"/> of an article whose paragraphs changed.</summary>
    public async Task<List<Guid>> SiteMatesAsync(Guid articleId, Guid? publisherId, long[] changedKeys, CancellationToken ct)
    {
        if (publisherId is null || changedKeys.Length == 0)
        {
            return [];
        }
        return await db.Database.SqlQueryRaw<Guid>($"""SELECT m.article_id AS "Value" FROM ({SiteMates}) m""",
            [.. SiteMateParameters(articleId, publisherId, changedKeys)]).ToListAsync(ct);
    }

    /// <summary>The parameters of <see cref="SiteMates"/> and <see cref="SiteMateInFamily"/>.</summary>
    public static NpgsqlParameter[] SiteMateParameters(Guid articleId, Guid? publisherId, long[] changedKeys) =>
    [
        new("article_id", NpgsqlDbType.Uuid) { Value = articleId },
        new("publisher_id", NpgsqlDbType.Uuid) { Value = (object?)publisherId ?? DBNull.Value },
        new("changed_keys", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = changedKeys },
    ];

    /// <summary>Articles with a version uploaded by the key: their lineage changes when the key's trust does.</summary>
    public async Task<List<Guid>> UploadedByAsync(Guid keyId, CancellationToken ct)
    {
        var submitter = KeyPrefix + keyId;
        return await db.ArticleVersions.Where(v => v.Capture!.SubmittedBy == submitter && v.Capture.Source != CaptureSource.Fetched)
            .Select(v => v.ArticleId).Distinct().ToListAsync(ct);
    }
}

/// <summary>Another page of the member's site holding one of its paragraphs.</summary>
public sealed record SiteHolder(Guid ArticleId, long Key, Guid Holder);
