using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using static Archive.Data.BatchCommands;

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

    // The exceptions: the check that settles the common case (ChangesNoFamilyAsync) and its shared locks, run at every upload,
    // and the writes of an article's keys (ReplaceIndexesAsync), whose plans are probes of the article's own index.
    // Planned for each call they cost more to plan than to run (0.49 + 0.23 ms of planning against 0.4 ms of execution for
    // ~60 keys, quiet, docs/performance.md), and their plans are the same every time: one lateral index probe per key or
    // paragraph key, one per pair column. So they keep a generic plan per session, made without sequential scans, so that a
    // plan made while the tables were small (a fresh archive, where a scan of a few pages looks cheaper than a probe) is
    // probes still when they have grown; PostgreSQL plans them again after each ANALYZE of their tables anyway.
    private const string IndexedGenericPlans =
        "SELECT set_config('plan_cache_mode', 'force_generic_plan', true), set_config('enable_seqscan', 'off', true)";

    private const string AsyncCommitSetting = "set_config('synchronous_commit', 'off', true)";

    private const string AsyncCommit = "SELECT " + AsyncCommitSetting;

    /// <summary>Both settings in one statement, for the batches run at every upload: the key writes
    /// (<see cref="ReplaceIndexesAsync(Guid, long[], Guid?, long[], CancellationToken)"/>) and the no-family check.</summary>
    private const string IndexedGenericPlansAsyncCommit = IndexedGenericPlans + ", " + AsyncCommitSetting;

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

    /// <summary>
    /// Replaces the article's fingerprint keys and its paragraphs in its site's index, in one statement batch (one round
    /// trip, one implicit transaction) committed on its own before any lookup, and returns the site paragraph keys that
    /// changed (added or removed, ascending): only those can change what the article's site-mates' template holds.
    /// </summary>
    /// <remarks>
    /// The keys are inserted less those the article already has, read once through its own index, rather than by
    /// <c>ON CONFLICT DO NOTHING</c>: that probed the primary key for every row before inserting it (and logged the
    /// speculative insertion's confirmation), about 140 rows an upload. Two updates of one article at once (two versions
    /// uploaded together) can still insert the same key: the loser's batch fails on the unique key, wrote nothing, and
    /// runs again in the form that skips conflicts.
    /// <para>Its statements keep a generic plan (<see cref="IndexedGenericPlans"/>): each is one probe of the article's own
    /// index whatever the arrays hold, and planning them for each call cost more than some of them take to run (the keys'
    /// delete 0.37 ms to plan, its ~260 keys' <c>= ANY</c> estimated one by one). PostgreSQL plans them again after every
    /// ANALYZE of their tables, which autovacuum runs often while an archive is young: with custom plans each session made five
    /// of each statement before settling on the generic one again (0.4–0.9 plans a call in the load bench's pair,
    /// docs/performance.md, "pgacct25").</para>
    /// </remarks>
    public Task<long[]> ReplaceIndexesAsync(Guid articleId, long[] keys, Guid? publisherId, long[] siteKeys, CancellationToken ct) =>
        ReplaceIndexesAsync(articleId, keys, publisherId, siteKeys, firstKeys: false, ct);

    /// <summary>As <see cref="ReplaceIndexesAsync(Guid, long[], Guid?, long[], CancellationToken)"/>; with
    /// <paramref name="firstKeys"/> (an article its ingest has just created, read as that ingest stored it) the keys and
    /// paragraphs are only inserted: the deletes and the reads of what the article holds find nothing for a new article, and
    /// were ~0.2 ms of PostgreSQL's CPU an upload (docs/performance.md, "pg32").</summary>
    /// <remarks>The arrays are distinct (the engine's sorted keys); one that is not, or an update of another version of the
    /// article that wrote keys first, meets a row on the unique key: the batch fails having written nothing and runs again in
    /// the form that deletes and skips conflicts, as two updates of one article at once do. One that met none leaves the
    /// other's keys beside these, as two updates at once may: extra candidates, decided on their texts, until the article's
    /// next update replaces them.</remarks>
    public async Task<long[]> ReplaceIndexesAsync(Guid articleId, long[] keys, Guid? publisherId, long[] siteKeys, bool firstKeys,
        CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            try
            {
                return await ReplaceIndexesAsync(connection, articleId, keys, publisherId, siteKeys,
                    firstKeys ? IndexWrite.First : IndexWrite.Replace, ct);
            }
            catch (PostgresException e) when (PostgresErrors.IsUniqueViolation(e))
            {
                return await ReplaceIndexesAsync(connection, articleId, keys, publisherId, siteKeys, IndexWrite.Raced, ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<long[]> ReplaceIndexesAsync(NpgsqlConnection connection, Guid articleId, long[] keys, Guid? publisherId,
        long[] siteKeys, IndexWrite write, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { new NpgsqlBatchCommand(IndexedGenericPlansAsyncCommit) },
        };
        if (write != IndexWrite.First)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM fingerprint_keys WHERE article_id = $1 AND NOT (key = ANY($2))")
            {
                Parameters = { Uuid(articleId), Keys(keys) },
            });
        }
        batch.BatchCommands.Add(new NpgsqlBatchCommand(write switch
        {
            IndexWrite.First => "INSERT INTO fingerprint_keys (key, article_id) SELECT k, $1 FROM unnest($2) AS k",
            IndexWrite.Raced => "INSERT INTO fingerprint_keys (key, article_id) SELECT k, $1 FROM unnest($2) AS k ON CONFLICT DO NOTHING",
            _ => "INSERT INTO fingerprint_keys (key, article_id) SELECT k, $1 FROM unnest($2) AS k " +
                 "WHERE k NOT IN (SELECT f.key FROM fingerprint_keys f WHERE f.article_id = $1)",
        })
        {
            Parameters = { Uuid(articleId), Keys(keys) },
        });
        foreach (var command in LineageEvidenceStore.ReplaceSiteParagraphs(articleId, publisherId, siteKeys, write))
        {
            batch.BatchCommands.Add(command);
        }
        var changed = new HashSet<long>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        // The settings' row comes first and the key statements return nothing; the deleted and the inserted site
        // paragraph keys follow.
        do
        {
            while (await reader.ReadAsync(ct))
            {
                if (reader.GetFieldType(0) == typeof(long))
                {
                    changed.Add(reader.GetInt64(0));
                }
            }
        }
        while (await reader.NextResultAsync(ct));
        return [.. changed.Order()];
    }

    /// <summary>
    /// Settled when the article has no candidates on another host, is in no family, and changed no family member's site
    /// template: the common case of a story seen nowhere else, settled under shared family locks of the article and its site-mates. An update
    /// that gives either its first pair holds that singleton family's key exclusively (see <see cref="LockFamiliesAsync"/>),
    /// so this waits for it and sees its pairs; updates of other families do not hold it up. One round trip: a batch runs in
    /// one implicit transaction (the locks are held to its end), and each statement in it takes its own snapshot, so the
    /// check sees what was committed before the locks were granted. Keys are taken in ascending order, as every lineage lock
    /// is, so shared and exclusive takers never wait on each other in a cycle. When the check is settled the update is
    /// complete, and the same statement settles the article's owed update queued at or before <paramref name="readAt"/> (see
    /// <see cref="SettleAsync"/>), so that common case costs no round trip more.
    /// </summary>
    /// <remarks>A candidate on the article's own host is never a pair (<c>LineageRules.SameHost</c>), so it changes no
    /// family: the update that loaded it, skipped it and found nothing else to do was a fifth of the load bench's uploads
    /// (its later passes are same-host pages). The check tells hosts apart by the URLs' authorities as written, which is
    /// narrower than the rule (it folds case, IDNA and a leading "www."): two URLs it calls one host are one host by the
    /// rule, and the rest go to the family update, which applies the rule itself.
    /// <para>Candidates found alone (<see cref="NoFamilyCheck.InFamily"/> false) may be decided on their texts by the caller
    /// and passed back as <paramref name="rejected"/>: a check that finds nothing else then settles the update.</para></remarks>
    /// <param name="articleUrl">The article's URL (<c>articles.url</c>), whose host its candidates are compared with.</param>
    /// <param name="rejected">Candidates the caller found to be no pair of the article, not counted.</param>
    public async Task<NoFamilyCheck> CheckNoFamilyAsync(CandidateQuery query, string articleUrl, Guid? publisherId, long[] changedSiteKeys,
        Guid[] rejected, DateTimeOffset readAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // The candidate lookup's and the site-mates' parameters, as their named forms take them (both name the article's
            // id); the locks get a set of their own, as a parameter belongs to one command.
            var check = CheckSql.Command([
                .. query.Parameters(), .. LineageEvidenceStore.SiteMateParameters(query.ArticleId, publisherId, changedSiteKeys),
                new("read_at", NpgsqlDbType.TimestampTz) { Value = readAt.ToUniversalTime() },
                new("article_url", NpgsqlDbType.Text) { Value = articleUrl },
                new("rejected", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = rejected },
            ]);
            var locks = SharedFamilyLocks.Command(LineageEvidenceStore.SiteMateParameters(query.ArticleId, publisherId, changedSiteKeys));
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    // The settle is derived data too (see the remarks above): committed asynchronously.
                    new NpgsqlBatchCommand(IndexedGenericPlansAsyncCommit),
                    locks,
                    check,
                },
            };
            await using var reader = await batch.ExecuteReaderAsync(ct);
            // The check's answer is the last result set (after the settings' and the locks').
            for (var i = 1; i < batch.BatchCommands.Count; i++)
            {
                await reader.NextResultAsync(ct);
            }
            await reader.ReadAsync(ct);
            return new NoFamilyCheck(reader.GetBoolean(0), reader.GetFieldValue<Guid[]>(1));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The check's statement: a data-modifying CTE runs whether or not it is read, in the statement's one snapshot.
    /// The candidates are looked up only for an article in no family: one in a family goes to the family update, which looks
    /// them up again under its locks, so they were ~235 index probes for nothing (an init plan runs when its value is first
    /// needed). Positional (<see cref="PositionalSql"/>).</summary>
    private static readonly PositionalSql CheckSql = PositionalSql.Of($"""
        WITH f AS MATERIALIZED (
            SELECT EXISTS (SELECT FROM story_pairs WHERE article_a = @article_id)
                    OR EXISTS (SELECT FROM story_pairs WHERE article_b = @article_id)
                    OR {LineageEvidenceStore.SiteMateInFamily} AS in_family),
        c AS MATERIALIZED (
            SELECT f.in_family, CASE WHEN f.in_family THEN ARRAY[]::uuid[] ELSE
                ARRAY(SELECT c."Value" FROM ({FingerprintSql.Candidates}) c JOIN articles ca ON ca.id = c."Value"
                      WHERE NOT coalesce({Authority("ca.url")} = {Authority("@article_url")}, false)
                        AND NOT (c."Value" = ANY(@rejected))) END AS candidates
            FROM f),
        settled AS (
            DELETE FROM pending_lineage
            WHERE article_id = @article_id AND queued_at <= @read_at
              AND NOT (SELECT in_family OR cardinality(candidates) > 0 FROM c))
        SELECT in_family, candidates FROM c
        """);

    /// <summary>SQL for the authority of an absolute URL (what follows "scheme://" up to the path, query or fragment), null
    /// for a string without one: equal authorities name one host.</summary>
    private static string Authority(string url) => $"substring({url} from '^[^:/?#]+://([^/?#]*)')";

    /// <summary>Shared locks of the singleton families of the article and of its site-mates, in ascending key order.</summary>
    private static readonly PositionalSql SharedFamilyLocks = PositionalSql.Of($"""
        SELECT pg_advisory_xact_lock_shared(l.key) FROM (
            SELECT DISTINCT {LockKeys.FamilySql("m.article_id")} AS key
            FROM (SELECT @article_id AS article_id UNION {LineageEvidenceStore.SiteMates}) m) l
        ORDER BY l.key
        """);

    /// <summary>
    /// Takes the keys of the families named by <paramref name="representatives"/> exclusively in the caller's transaction, in
    /// ascending key order (two updates of one family must not interleave; updates of other families go on), asks for custom
    /// plans, and lets the transaction commit without waiting for its WAL flush. Which families an update needs is known
    /// only by reading them: the caller reads them again under the locks (<see cref="FamiliesOfSeedsAsync"/>) and, if one
    /// it must change is not held (a concurrent update merged or split it), rolls back and takes the larger set.
    /// </summary>
    public async Task LockFamiliesAsync(IEnumerable<Guid> representatives, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(representatives);
        long[] keys = [.. representatives.Select(LockKeys.Family).Distinct().Order()];
        // Volatile functions in the select list run after the sort, so the keys are taken in order.
        await db.Database.ExecuteSqlRawAsync(
            $"SELECT pg_advisory_xact_lock(k) FROM unnest({{0}}) AS k ORDER BY k; {CustomPlans}; {AsyncCommit}", [keys], ct);
    }

    /// <summary>
    /// The family of each seed article (the connected component of confirmed pairs that holds it, the article alone when it
    /// has none), with its representative: the least member by <see cref="Guid.CompareTo(Guid)"/>, which names its lock.
    /// </summary>
    public async Task<FamilySet> FamiliesOfSeedsAsync(IReadOnlyCollection<Guid> seeds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count == 0)
        {
            return new FamilySet(new Dictionary<Guid, Guid>(), []);
        }
        Guid[] ids = [.. seeds.Distinct()];
        var rows = await db.Database.SqlQuery<FamilyRow>($"""
            WITH RECURSIVE family(seed, id) AS (
                SELECT s, s FROM unnest({ids}) AS s
                UNION
                SELECT f.seed, CASE WHEN p.article_a = f.id THEN p.article_b ELSE p.article_a END
                FROM story_pairs p JOIN family f ON p.article_a = f.id OR p.article_b = f.id)
            SELECT seed AS "Seed", id AS "Id" FROM family
            """).ToListAsync(ct);
        var members = new Dictionary<Guid, Guid>();
        foreach (var component in rows.GroupBy(r => r.Seed))
        {
            var representative = component.Min(r => r.Id);
            foreach (var row in component)
            {
                members[row.Id] = representative;
            }
        }
        return new FamilySet(members, [.. members.Values.Distinct().Order()]);
    }

    private sealed record FamilyRow(Guid Seed, Guid Id);

    /// <summary>Asks for plans made for each call's arguments for the rest of the caller's transaction (see <see cref="CustomPlans"/>).</summary>
    public async Task PlanPerCallAsync(CancellationToken ct) => await db.Database.ExecuteSqlRawAsync(CustomPlans, ct);

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

/// <summary>What the no-family check found (<see cref="LineageStore.CheckNoFamilyAsync"/>): whether the article is in a family
/// or changed a family member's template, and its candidates on other hosts (less those the caller rejected): none when it is in
/// a family, where the family update looks them up itself.</summary>
public sealed record NoFamilyCheck(bool InFamily, Guid[] Candidates)
{
    /// <summary>Nothing to change: the check settled the article's owed update.</summary>
    public bool Settled => !InFamily && Candidates.Length == 0;
}

/// <summary>Families read together: each member's representative, and the representatives (ascending).</summary>
public sealed record FamilySet(IReadOnlyDictionary<Guid, Guid> Representatives, IReadOnlyList<Guid> Families)
{
    /// <summary>Every member of every family in the set.</summary>
    public IEnumerable<Guid> Members => Representatives.Keys;

    /// <summary>The members of the family that holds <paramref name="articleId"/>.</summary>
    public List<Guid> FamilyOf(Guid articleId) => Representatives.TryGetValue(articleId, out var representative)
        ? [.. Representatives.Where(m => m.Value == representative).Select(m => m.Key)]
        : [articleId];
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

/// <summary>How <see cref="LineageStore.ReplaceIndexesAsync(Guid, long[], Guid?, long[], bool, CancellationToken)"/> writes an
/// article's keys and paragraphs: the first ones of an article (inserted only), a replacement (less what it holds, then
/// inserted), or a replacement that met a concurrent update's row (skipping conflicts).</summary>
internal enum IndexWrite
{
    Replace,
    First,
    Raced,
}
