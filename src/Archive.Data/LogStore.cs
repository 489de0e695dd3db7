using System.Text.Json;
using System.Text.Json.Nodes;
using Archive.Data.Entities;
using Archive.Engine;
using Archive.Transparency.Entries;
using Archive.Transparency.Merkle;
using Archive.Transparency.Notes;
using Archive.Transparency.Tiles;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using static Archive.Data.BatchCommands;

namespace Archive.Data;

/// <summary>
/// Every statement and lock of the transparency log. Entries are owed (<see cref="PendingLogEntry"/>) in the transaction
/// of what they record, and integrated by <see cref="IntegrateAsync"/>: one pass at a time across all processes takes the
/// owed entries in order, gives them the next dense indexes, grows the tiles, signs a checkpoint and commits it all at once.
/// </summary>
public sealed class LogStore(ArchiveDbContext db)
{
    public sealed record SignedCheckpoint(long TreeSize, byte[] RootHash, string Note);

    /// <param name="Captures">The index each capture logged by this pass got.</param>
    public sealed record Integration(long TreeSize, int Added, SignedCheckpoint Checkpoint, IReadOnlyDictionary<Guid, long> Captures);

    /// <summary>The owed entry of a capture and its version, as the ingest transaction writes it (<see cref="Stores.CaptureStore"/>).</summary>
    public static PendingLogEntry CaptureOwed(Capture capture, ArticleVersion version)
    {
        var entry = EntryOf(capture, version);
        return new PendingLogEntry
        {
            Entry = entry.ToBytes(), Kind = LogEntryKind.Capture, CaptureId = entry.CaptureId, ArticleIds = [entry.ArticleId],
            ContentHash = HexOf(entry.ContentHash), RawHash = HexOf(entry.RawHash), QueuedAt = entry.ReceivedAt,
        };
    }

    /// <summary>
    /// Owes the entries of a lineage decision: every affected article with the link it now has (null for an origin or an
    /// article left without a family). Saved with the caller's next SaveChanges, in its transaction.
    /// </summary>
    public void OweLineage(Guid decision, DateTimeOffset decidedAt, IEnumerable<(Guid Article, RepublicationLink? Link)> members) =>
        db.PendingLogEntries.AddRange(LineageEntries(decision, decidedAt, members));

    /// <summary>The pending entries <see cref="OweLineage"/> adds (also built by the lineage warm-up, which stores nothing).</summary>
    public static List<PendingLogEntry> LineageEntries(Guid decision, DateTimeOffset decidedAt,
        IEnumerable<(Guid Article, RepublicationLink? Link)> members) =>
        [.. LineageEntry.Build(decision, decidedAt, members.Select(m => MemberOf(m.Article, m.Link))).Select(e => new PendingLogEntry
        {
            Entry = e.Entry, Kind = LogEntryKind.Lineage, ArticleIds = [.. e.Articles], QueuedAt = decidedAt,
        })];

    /// <summary>The capture entry a capture and its version make (also how verification rebuilds it from what is stored).</summary>
    public static CaptureEntry EntryOf(Capture capture, ArticleVersion version)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(version);
        return new CaptureEntry(capture.Id, version.ArticleId, version.Id, capture.RequestedUrl, capture.FinalUrl, capture.CapturedAt,
            EnumText.Of(capture.Source), capture.SubmittedBy, Sha256Prefix + capture.RawSha256.Trim(),
            Sha256Prefix + version.ContentHash.Trim(), capture.StoredAt);
    }

    /// <summary>A lineage decision's member as logged (also how verification rebuilds it from the stored link).</summary>
    public static LineageEntry.Member MemberOf(Guid article, RepublicationLink? link) => link is null
        ? new LineageEntry.Member(article)
        : new LineageEntry.Member(article, link.DerivedFromId, link.OriginId, EnumText.Of(link.Kind), link.Similarity, link.Containment, link.SourceCoverage,
            // The evidence as the log has always carried it: every member, nulls too, camelCase (JsonSerializerOptions.Web).
            JsonSerializer.SerializeToNode(link.Evidence, JsonSerializerOptions.Web));

    /// <summary>
    /// Lets the caller's transaction (an ingest that owes an entry) commit without waiting for its WAL flush: the pass that
    /// integrates its entry commits synchronously after it, and WAL is flushed in order, so that commit makes both durable
    /// with one flush for the whole batch. A caller that does not wait for the pass calls <see cref="FlushAsync"/>.
    /// </summary>
    internal const string DeferDurabilityToLog = "SELECT set_config('synchronous_commit', 'off', true)";

    /// <summary>Returns once everything committed so far is on disk (a transaction with an id commits, synchronously).</summary>
    public Task FlushAsync(CancellationToken ct) => db.Database.ExecuteSqlRawAsync("SELECT txid_current()", ct);

    public Task<bool> AnyOwedAsync(CancellationToken ct) => db.PendingLogEntries.AnyAsync(ct);

    /// <summary>
    /// One integration pass: up to <paramref name="maxEntries"/> owed entries, oldest first, become entries at the next
    /// indexes, with their tiles and a checkpoint signed for the new size, in one transaction under the sequencer lock.
    /// An empty log gets its size-0 checkpoint. With nothing owed, returns the latest checkpoint and 0 added.
    /// </summary>
    public async Task<Integration> IntegrateAsync(NoteSigner signer, int maxEntries, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        // Two round trips, BEGIN travelling with the reads and COMMIT with the writes: a pass holds the lock every other
        // pass waits for, so its length is what uploads wait for.
        var committed = false;
        try
        {
            var (latest, owed, lastTiles) = await ReadStateAsync(connection, maxEntries, ct);
            if (owed.Count == 0 && latest is not null)
            {
                return new Integration(latest.TreeSize, 0, latest, new Dictionary<Guid, long>());
            }
            var size = latest?.TreeSize ?? 0;
            // The right edge of the tree is the last tile of each level that is not full.
            var edge = new TileSet();
            foreach (var (level, index, _) in TileAppender.RightEdge(size))
            {
                edge.Add(level, index, lastTiles[(level, index)]);
            }
            var appender = new TileAppender(size, edge);
            var captures = new Dictionary<Guid, long>();
            var captured = new HashSet<Guid>();
            foreach (var (i, (_, entry, captureId, articleIds)) in owed.Index())
            {
                appender.Append(TreeHashing.LeafHash(entry));
                if (captureId is { } id)
                {
                    captures[id] = size + i;
                    captured.UnionWith(articleIds);
                }
            }
            var root = appender.Root();
            var note = signer.Sign(new Checkpoint(signer.Name, appender.Size, root).ToText());
            var changed = appender.Changed.ToList();
            await using var write = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    // The owed rows are locked (FOR UPDATE) since they were read: exactly those move, in id order.
                    Command("""
                        WITH moved AS (DELETE FROM log_pending WHERE id = ANY($1) RETURNING *)
                        INSERT INTO log_entries (idx, entry, kind, capture_id, article_ids, content_hash, raw_hash, logged_at)
                        SELECT $2 + row_number() OVER (ORDER BY id) - 1, entry, kind, capture_id, article_ids, content_hash, raw_hash, $3
                        FROM moved
                        """, owed.Select(o => o.Id).ToArray(), size, now),
                    Command("""
                        INSERT INTO log_tiles (level, idx, hashes) SELECT * FROM unnest($1::integer[], $2::bigint[], $3::bytea[])
                        ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes
                        """, changed.Select(t => t.Level).ToArray(), changed.Select(t => t.Index).ToArray(), changed.Select(t => t.Hashes).ToArray()),
                    Command("INSERT INTO log_checkpoints (tree_size, root_hash, note, signed_at) VALUES ($1, $2, $3, $4)",
                        appender.Size, root, note, now),
                },
            };
            // The captured articles' change is told to every process at this commit, when their log index becomes readable
            // (an ingest answers after it): a notice of its own, on its own connection, was a round trip an upload.
            foreach (var notice in ArticleChangeChannel.Notices(captured))
            {
                write.BatchCommands.Add(notice);
            }
            write.BatchCommands.Add(Command("COMMIT"));
            await write.ExecuteNonQueryAsync(ct);
            committed = true;
            return new Integration(appender.Size, owed.Count, new SignedCheckpoint(appender.Size, root, note), captures);
        }
        finally
        {
            if (!committed && connection.FullState == System.Data.ConnectionState.Open)
            {
                // Ends the transaction whatever happened (also after the nothing-owed return); a no-op warning if none is open.
                await using var end = new NpgsqlCommand("ROLLBACK", connection);
                await end.ExecuteNonQueryAsync(CancellationToken.None);
            }
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Under the lock, in one round trip: the latest checkpoint, the owed entries, and the last tile of each level.</summary>
    private static async Task<(SignedCheckpoint? Latest, List<(long Id, byte[] Entry, Guid? CaptureId, Guid[] ArticleIds)> Owed,
        Dictionary<(int, long), byte[]> LastTiles)>
        ReadStateAsync(NpgsqlConnection connection, int maxEntries, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command("BEGIN"),
                Command("SELECT pg_advisory_xact_lock($1)", LockKeys.LogSequencer),
                Command("SELECT tree_size, root_hash, note FROM log_checkpoints ORDER BY tree_size DESC LIMIT 1"),
                Command("SELECT id, entry, capture_id, article_ids FROM log_pending ORDER BY id LIMIT $1 FOR UPDATE", maxEntries),
                // Levels 0-7 hold any tree up to 256^8 = 2^64 entries.
                Command("""
                    SELECT t.level, t.idx, t.hashes FROM generate_series(0, 7) AS l(level)
                    CROSS JOIN LATERAL (SELECT level, idx, hashes FROM log_tiles WHERE level = l.level ORDER BY idx DESC LIMIT 1) t
                    """),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        SignedCheckpoint? latest = null;
        var owed = new List<(long, byte[], Guid?, Guid[])>();
        var lastTiles = new Dictionary<(int, long), byte[]>();
        // Result sets are told apart by their first column (BEGIN has none, the lock's is its function).
        do
        {
            var first = reader.FieldCount > 0 ? reader.GetName(0) : "";
            while (await reader.ReadAsync(ct))
            {
                switch (first)
                {
                    case "tree_size":
                        latest = new SignedCheckpoint(reader.GetInt64(0), (byte[])reader[1], reader.GetString(2));
                        break;
                    case "id":
                        owed.Add((reader.GetInt64(0), (byte[])reader[1], reader.IsDBNull(2) ? null : reader.GetGuid(2),
                            reader.IsDBNull(3) ? [] : reader.GetFieldValue<Guid[]>(3)));
                        break;
                    case "level":
                        lastTiles[(reader.GetInt32(0), reader.GetInt64(1))] = (byte[])reader[2];
                        break;
                }
            }
        }
        while (await reader.NextResultAsync(ct));
        return (latest, owed, lastTiles);
    }

    public async Task<SignedCheckpoint?> LatestCheckpointAsync(CancellationToken ct) =>
        await db.LogCheckpoints.AsNoTracking().OrderByDescending(c => c.TreeSize)
            .Select(c => new SignedCheckpoint(c.TreeSize, c.RootHash, c.Note)).FirstOrDefaultAsync(ct);

    /// <summary>The stored tiles among <paramref name="tiles"/> (level, index), in one query.</summary>
    public async Task<TileSet> TilesAsync(IEnumerable<(int Level, long Index)> tiles, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await ReadTilesAsync(connection, null, tiles, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<TileSet> ReadTilesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        IEnumerable<(int Level, long Index)> tiles, CancellationToken ct)
    {
        var keys = tiles.ToList();
        var set = new TileSet();
        if (keys.Count == 0)
        {
            return set;
        }
        await using var command = new NpgsqlCommand("""
            SELECT t.level, t.idx, t.hashes FROM unnest($1::integer[], $2::bigint[]) AS k(level, idx)
            JOIN log_tiles t ON t.level = k.level AND t.idx = k.idx
            """, connection, transaction)
        {
            Parameters = { new() { Value = keys.Select(k => k.Level).ToArray() }, new() { Value = keys.Select(k => k.Index).ToArray() } },
        };
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            set.Add(reader.GetInt32(0), reader.GetInt64(1), (byte[])reader[2]);
        }
        return set;
    }

    /// <summary>The stored hashes of tile (level, index), as many as there are (a partial tile grows up to 256).</summary>
    public async Task<byte[]?> TileAsync(int level, long index, CancellationToken ct) =>
        await db.LogTiles.AsNoTracking().Where(t => t.Level == level && t.Index == index).Select(t => t.Hashes).SingleOrDefaultAsync(ct);

    /// <summary>Entries [start, start + count) in index order (fewer when the log is shorter).</summary>
    public async Task<List<byte[]>> EntriesAsync(long start, int count, CancellationToken ct) =>
        await db.LogEntries.AsNoTracking().Where(e => e.Index >= start && e.Index < start + count).OrderBy(e => e.Index)
            .Select(e => e.Entry).ToListAsync(ct);

    public async Task<LogEntry?> EntryAsync(long index, CancellationToken ct) =>
        await db.LogEntries.AsNoTracking().SingleOrDefaultAsync(e => e.Index == index, ct);

    public async Task<LogEntry?> EntryOfCaptureAsync(Guid captureId, CancellationToken ct) =>
        await db.LogEntries.AsNoTracking().SingleOrDefaultAsync(e => e.CaptureId == captureId, ct);

    /// <summary>Capture entries whose text or raw bytes have these hashes (hex), first logged first.</summary>
    public async Task<List<LogEntry>> CapturesWithAsync(string? contentHash, string? rawHash, int limit, CancellationToken ct) =>
        await db.LogEntries.AsNoTracking()
            .Where(e => (contentHash != null && e.ContentHash == contentHash) || (rawHash != null && e.RawHash == rawHash))
            .OrderBy(e => e.Index).Take(limit).ToListAsync(ct);

    /// <summary>
    /// The first capture entry of a text (by content hash, hex): the archive's own first-seen evidence for it, which no
    /// claimed capture time can move earlier.
    /// </summary>
    public async Task<LogEntry?> FirstSeenAsync(string contentHash, CancellationToken ct) =>
        await db.LogEntries.AsNoTracking().Where(e => e.ContentHash == contentHash).OrderBy(e => e.Index).FirstOrDefaultAsync(ct);

    /// <summary>For each article, the latest lineage entry that covers it (the decision that stands).</summary>
    public async Task<Dictionary<Guid, LogEntry>> LatestLineageEntriesAsync(IReadOnlyCollection<Guid> articleIds, CancellationToken ct)
    {
        var ids = articleIds.ToArray();
        var kind = EnumText.Of(LogEntryKind.Lineage);
        var latest = await db.Database.SqlQuery<ArticleIndex>($"""
            SELECT DISTINCT ON (a) a AS article, e.idx AS index
            FROM log_entries e CROSS JOIN LATERAL unnest(e.article_ids) AS a
            WHERE e.kind = {kind} AND e.article_ids && {ids} AND a = ANY({ids})
            ORDER BY a, e.idx DESC
            """).ToListAsync(ct);
        var indexes = latest.Select(l => l.Index).Distinct().ToArray();
        var entries = await db.LogEntries.AsNoTracking().Where(e => indexes.Contains(e.Index)).ToDictionaryAsync(e => e.Index, ct);
        return latest.ToDictionary(l => l.Article, l => entries[l.Index]);
    }

    private sealed record ArticleIndex(Guid Article, long Index);

    /// <summary>An article's versions (one, when asked) with their captures, raw bytes included: what verification re-hashes.</summary>
    public async Task<List<ArticleVersion>> VersionsWithCapturesAsync(Guid articleId, Guid? versionId, CancellationToken ct) =>
        await db.ArticleVersions.AsNoTracking().Include(v => v.Capture)
            .Where(v => v.ArticleId == articleId && (versionId == null || v.Id == versionId))
            .OrderBy(v => v.CapturedAt).ThenBy(v => v.Id).ToListAsync(ct);

    public async Task<Dictionary<Guid, LogEntry>> EntriesOfCapturesAsync(IReadOnlyCollection<Guid> captureIds, CancellationToken ct)
    {
        var ids = captureIds.Select(id => (Guid?)id).ToArray();
        return await db.LogEntries.AsNoTracking().Where(e => ids.Contains(e.CaptureId)).ToDictionaryAsync(e => e.CaptureId!.Value, ct);
    }

    /// <summary>The stored lineage links of these articles as republications.</summary>
    public async Task<Dictionary<Guid, RepublicationLink>> LinksOfAsync(IReadOnlyCollection<Guid> articleIds, CancellationToken ct)
    {
        var ids = articleIds.ToArray();
        return await db.LineageLinks.AsNoTracking().Where(l => ids.Contains(l.RepublicationId)).ToDictionaryAsync(l => l.RepublicationId, ct);
    }

    /// <summary>The capture behind an article's version (its current one when <paramref name="versionId"/> is null).</summary>
    public async Task<Guid?> CaptureOfVersionAsync(Guid articleId, Guid? versionId, CancellationToken ct)
    {
        var wanted = versionId ?? await db.Articles.Where(a => a.Id == articleId).Select(a => a.CurrentVersionId).SingleOrDefaultAsync(ct);
        return wanted is null ? null
            : await db.ArticleVersions.Where(v => v.Id == wanted && v.ArticleId == articleId).Select(v => (Guid?)v.CaptureId).SingleOrDefaultAsync(ct);
    }

    public Task<bool> ArticleExistsAsync(Guid articleId, CancellationToken ct) => db.Articles.AnyAsync(a => a.Id == articleId, ct);

    private const string Sha256Prefix = "sha256:";

    private static string? HexOf(string? prefixed) =>
        prefixed is null ? null : prefixed.StartsWith(Sha256Prefix, StringComparison.Ordinal) ? prefixed[Sha256Prefix.Length..] : prefixed;
}
