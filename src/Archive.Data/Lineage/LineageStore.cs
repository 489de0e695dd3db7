using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Archive.Data.Lineage;

/// <summary>
/// The statements and the lock protocol of lineage updates: owed updates (<c>pending_lineage</c>), an article's fingerprint
/// keys, candidate lookups, families (connected components of <c>story_pairs</c>) and the lock that orders family changes.
/// </summary>
/// <remarks>
/// Lineage writes are derived data: the pending_lineage row written with the version in the ingest transaction (flushed
/// before the upload answers, by the log pass) is removed only after them, and WAL is durable in order, so a crash that loses
/// them keeps the row and the sweeper redoes the update. They can therefore skip waiting for the WAL flush.
/// </remarks>
public sealed class LineageStore(ArchiveDbContext db)
{
    // Lineage statements take key arrays and walk families whose sizes vary call to call; a generic plan cached while the
    // tables were small would go on scanning them whole. Statements are prepared (see ArchiveDataExtensions), so ask for
    // plans made for each call's arguments, for the rest of the transaction.
    // set_config(..., true) rather than SET LOCAL: it is also meant for the implicit transaction of a statement batch.
    private const string CustomPlans = "SELECT set_config('plan_cache_mode', 'force_custom_plan', true)";

    private const string AsyncCommit = "SELECT set_config('synchronous_commit', 'off', true)";

    /// <summary>A lineage write sent as one batch (one implicit transaction) that starts with <see cref="AsyncCommit"/>.</summary>
    private static FormattableString DerivedWrite(FormattableString sql) =>
        FormattableStringFactory.Create($"{AsyncCommit}; {sql.Format}", sql.GetArguments());

    /// <summary>Owes a lineage update to each article (or moves its owed update to <paramref name="at"/>); in the caller's transaction, if any.</summary>
    public async Task OweAsync(IReadOnlyCollection<Guid> articleIds, DateTimeOffset at, CancellationToken ct)
    {
        Guid[] ids = [.. articleIds];
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO pending_lineage (article_id, queued_at) SELECT unnest({ids}), {at}
            ON CONFLICT (article_id) DO UPDATE SET queued_at = excluded.queued_at
            """, ct);
    }

    /// <summary>Removes the owed update of an article queued at or before <paramref name="readAt"/>: an update that read the article then settles it.</summary>
    public async Task SettleAsync(Guid articleId, DateTimeOffset readAt, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync(
            DerivedWrite($"DELETE FROM pending_lineage WHERE article_id = {articleId} AND queued_at <= {readAt}"), ct);

    /// <summary>Replaces the article's fingerprint keys in one statement batch, committed on its own before any lookup.</summary>
    public async Task ReplaceKeysAsync(Guid articleId, long[] keys, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync(DerivedWrite($"""
            DELETE FROM fingerprint_keys WHERE article_id = {articleId} AND NOT (key = ANY({keys}));
            INSERT INTO fingerprint_keys (key, article_id) SELECT k, {articleId} FROM unnest({keys}) AS k ON CONFLICT DO NOTHING
            """), ct);

    /// <summary>
    /// True when the article has no candidates, is in no family, and changed no family member's site template: the common
    /// case of a story seen nowhere else, settled under the shared lock. A concurrent family update holds the lock
    /// exclusively, so this waits for it and sees its pairs. One round trip: a batch runs in one implicit transaction (the
    /// lock is held to its end), and each statement in it takes its own snapshot, so the check sees what was committed
    /// before the lock was granted.
    /// </summary>
    public async Task<bool> ChangesNoFamilyAsync(CandidateQuery query, Guid? publisherId, long[] changedSiteKeys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var check = new NpgsqlBatchCommand($"""
                SELECT EXISTS (SELECT FROM story_pairs WHERE article_a = @article_id OR article_b = @article_id)
                    OR EXISTS ({FingerprintSql.Candidates})
                    OR {LineageEvidenceStore.SiteMateInFamily}
                """);
            check.Parameters.AddRange(query.Parameters());
            // The article's own id is already among the candidate parameters.
            check.Parameters.AddRange(LineageEvidenceStore.SiteMateParameters(query.ArticleId, publisherId, changedSiteKeys).Skip(1).ToArray());
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock_shared($1)") { Parameters = { new() { Value = LockKeys.Lineage } } },
                    new NpgsqlBatchCommand(CustomPlans),
                    check,
                },
            };
            await using var reader = await batch.ExecuteReaderAsync(ct);
            // The check's answer is the last result set (after the lock's and the setting's).
            for (var i = 1; i < batch.BatchCommands.Count; i++)
            {
                await reader.NextResultAsync(ct);
            }
            await reader.ReadAsync(ct);
            return !reader.GetBoolean(0);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Takes the lineage lock exclusively in the caller's transaction (families can merge, and two concurrent relinks of one
    /// family must not interleave), asks for custom plans, and lets the transaction commit without waiting for its WAL flush.
    /// </summary>
    public async Task LockFamiliesAsync(CancellationToken ct) =>
        await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({{0}}); {CustomPlans}; {AsyncCommit}", [LockKeys.Lineage], ct);

    /// <summary>Articles sharing enough index keys with the probe: bounded index scans per key (see <see cref="FingerprintSql.Candidates"/>).</summary>
    public async Task<List<Guid>> CandidatesAsync(CandidateQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await db.Database.SqlQueryRaw<Guid>(FingerprintSql.Candidates, [.. query.Parameters()]).ToListAsync(ct);
    }

    /// <summary>The families holding any of <paramref name="articleIds"/> (each article itself when it has none).</summary>
    public async Task<List<Guid>> FamiliesOfAsync(IReadOnlyCollection<Guid> articleIds, CancellationToken ct)
    {
        if (articleIds.Count == 0)
        {
            return [];
        }
        Guid[] ids = [.. articleIds];
        return await db.Database.SqlQuery<Guid>($"""
            WITH RECURSIVE family(id) AS (
                SELECT unnest({ids})
                UNION
                SELECT CASE WHEN p.article_a = f.id THEN p.article_b ELSE p.article_a END
                FROM story_pairs p JOIN family f ON p.article_a = f.id OR p.article_b = f.id)
            SELECT id AS "Value" FROM family
            """).ToListAsync(ct);
    }
}

/// <summary>
/// A candidate lookup: the probing article, its fingerprint's index keys (sorted, distinct), how many a candidate must share,
/// and the common-key limit above which a key is ignored.
/// </summary>
public sealed record CandidateQuery(Guid ArticleId, long[] Keys, int MinShared, int CommonKeyLimit)
{
    internal NpgsqlParameter[] Parameters() =>
    [
        new("keys", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = Keys },
        new("article_id", NpgsqlDbType.Uuid) { Value = ArticleId },
        new("min_shared", NpgsqlDbType.Integer) { Value = MinShared },
        new("key_limit", NpgsqlDbType.Integer) { Value = CommonKeyLimit },
    ];
}
