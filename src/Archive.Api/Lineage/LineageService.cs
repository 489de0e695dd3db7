using System.Runtime.CompilerServices;
using System.Text.Json;
using Archive.Data;
using Archive.Data.Entities;
using Archive.Data.Lineage;
using Archive.Engine.Lineage;
using Archive.Transparency.Entries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Archive.Api.Lineage;

public sealed class LineageOptions
{
    /// <summary>Fingerprint keys held by this many articles or more are ignored when looking for candidates.</summary>
    public int CommonKeyLimit { get; set; } = FingerprintSql.DefaultCommonKeyLimit;
    /// <summary>How often the sweeper looks for lineage owed to articles whose update never finished.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How long an owed update may stay pending before the sweeper runs it (the upload normally does within ms).</summary>
    public TimeSpan SweepAfter { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Keeps lineage current as articles arrive: fingerprint the article's current text, find candidates through the indexed
/// fingerprint keys, confirm them on the texts, store confirmed same-story pairs, and re-resolve the whole family (the
/// connected component of pairs) from scratch. Because a family's links are recomputed from its full member set every
/// time, an origin that arrives after its copies re-links them, and the result never depends on arrival order.
/// </summary>
public sealed class LineageService(ArchiveDbContext db, TimeProvider time, IOptions<LineageOptions> options, Articles.ArticleCache cache,
    LineageMembers members, LineageEvidenceStore store, LogStore log, Log.LogSequencer sequencer, ILogger<LineageService> logger)
{
    // Updates that may change a family hold this lock exclusively: families can merge, and two concurrent relinks of one
    // family must not interleave. The check that an article changes no family holds it shared, so such checks run side by side.
    private const long LineageLock = 0x4c494e45414745;

    // Lineage statements take key arrays and walk families whose sizes vary call to call; a generic plan cached while the
    // tables were small would go on scanning them whole. Statements are prepared (see ArchiveDataExtensions), so ask for
    // plans made for each call's arguments, for the rest of the transaction.
    // set_config(..., true) rather than SET LOCAL: it is also meant for the implicit transaction of a statement batch.
    private const string CustomPlans = "SELECT set_config('plan_cache_mode', 'force_custom_plan', true)";

    // Lineage writes are derived data: the pending_lineage row written with the version in the ingest transaction (flushed
    // before the upload answers, by the log pass) is removed only after them, and WAL is durable in order, so a crash that loses them keeps
    // the row and the sweeper redoes the update. They can therefore skip waiting for the WAL flush.
    private const string AsyncCommit = "SELECT set_config('synchronous_commit', 'off', true)";

    /// <summary>A lineage write sent as one batch (one implicit transaction) that starts with <see cref="AsyncCommit"/>.</summary>
    private static FormattableString DerivedWrite(FormattableString sql) =>
        FormattableStringFactory.Create($"{AsyncCommit}; {sql.Format}", sql.GetArguments());

    public async Task UpdateAsync(Guid articleId, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        await UpdateLineageAsync(articleId, ct);
        // Owed updates queued before this one read the article are settled by it.
        await db.Database.ExecuteSqlAsync(
            DerivedWrite($"DELETE FROM pending_lineage WHERE article_id = {articleId} AND queued_at <= {started}"), ct);
    }

    /// <summary>
    /// Resolves again the lineage of every article a key uploaded, after its trust changed: its uploads turn from claims into
    /// observations or back. The updates are owed durably first (pending_lineage), so a crash midway leaves them to the sweeper.
    /// </summary>
    public async Task RelinkUploadsOfAsync(Guid keyId, CancellationToken ct)
    {
        var articles = await store.UploadedByAsync(keyId, ct);
        Guid[] ids = [.. articles];
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO pending_lineage (article_id, queued_at) SELECT unnest({ids}), {time.GetUtcNow()}
            ON CONFLICT (article_id) DO UPDATE SET queued_at = excluded.queued_at
            """, ct);
        foreach (var articleId in articles)
        {
            await UpdateAsync(articleId, ct);
        }
        logger.LogInformation("Lineage of {Count} articles uploaded by key {KeyId} resolved again after its trust changed", articles.Count, keyId);
    }

    private async Task UpdateLineageAsync(Guid articleId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var stored = (await members.LoadAsync([articleId], ct)).SingleOrDefault();
        if (stored is null)
        {
            return;
        }
        var member = stored.Member;
        // The fingerprint's index keys are sorted and distinct: one array serves the key write and every lookup.
        long[] keys = [.. Fingerprinter.Compute(member.CanonicalText).IndexKeys];
        // The keys are committed before any lookup. Of two copies arriving together, the one that looks second therefore
        // sees the other's keys, and no pair can be missed without the exclusive lock. The site's paragraphs likewise: of
        // two pages of one site arriving together, the later reader sees the other's template.
        await ReplaceKeysAsync(articleId, keys, ct);
        var site = new SiteChange(stored.PublisherId,
            await store.ReplaceSiteParagraphsAsync(articleId, stored.PublisherId, SiteParagraphs.IndexKeys(member.CanonicalText, member.PageText), ct));
        if (await ChangesNoFamilyAsync(articleId, keys, site, ct))
        {
            await cache.EvictAsync([articleId], ct);
            logger.LogDebug("Lineage of {ArticleId}: no candidates, no family", articleId);
            return;
        }
        await UpdateFamilyAsync(articleId, stored, keys, site, ct);
    }

    /// <summary>The paragraphs an update changed in its site's index: they may change the template of the site's other pages.</summary>
    private sealed record SiteChange(Guid? PublisherId, long[] ChangedKeys);

    /// <summary>
    /// True when the article has no candidates, is in no family, and changed no family member's site template: the common case of a story seen nowhere else, settled
    /// under the shared lock. A concurrent family update holds the lock exclusively, so this waits for it and sees its pairs.
    /// One round trip: a batch runs in one implicit transaction (the lock is held to its end), and each statement in it takes
    /// its own snapshot, so the check sees what was committed before the lock was granted.
    /// </summary>
    private async Task<bool> ChangesNoFamilyAsync(Guid articleId, long[] keys, SiteChange site, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var check = new NpgsqlBatchCommand($"""
                SELECT EXISTS (SELECT FROM story_pairs WHERE article_a = @article_id OR article_b = @article_id)
                    OR EXISTS ({FingerprintSql.Candidates})
                    OR {LineageEvidenceStore.SiteMateInFamily}
                """);
            check.Parameters.AddRange(CandidateParameters(articleId, keys));
            // The article's own id is already among the candidate parameters.
            check.Parameters.AddRange(LineageEvidenceStore.SiteMateParameters(articleId, site.PublisherId, site.ChangedKeys).Skip(1).ToArray());
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock_shared($1)") { Parameters = { new() { Value = LineageLock } } },
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

    private async Task UpdateFamilyAsync(Guid articleId, StoredMember stored, long[] keys, SiteChange site, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({LineageLock}); {CustomPlans}; {AsyncCommit}", ct);
            // The family before this update: its members need new links too if this article's text no longer joins them.
            var before = await FamilyOfAsync(articleId, ct);

            await db.StoryPairs.Where(p => p.ArticleA == articleId || p.ArticleB == articleId).ExecuteDeleteAsync(ct);
            var candidates = await CandidatesAsync(articleId, keys, ct);
            // Members already read are kept for the relink, which needs most of them again.
            var member = stored.Member;
            var known = new Dictionary<Guid, StoredMember> { [articleId] = stored };
            foreach (var candidate in await members.LoadAsync(candidates, ct))
            {
                known[candidate.ArticleId] = candidate;
                var comparison = TextComparer.Compare(candidate.Member.CanonicalText, member.CanonicalText);
                if (LineageRules.IsSameStory(candidate.Member, member, comparison))
                {
                    db.StoryPairs.Add(NewPair(candidate.ArticleId, articleId, comparison));
                }
            }
            await db.SaveChangesAsync(ct);

            var after = await FamilyOfAsync(articleId, ct);
            // Families of the site's other pages whose template this page changed are resolved again too, so a copy's kind
            // does not depend on whether its site's other pages arrived before or after it.
            // They are a decision of their own: this article's decision (and what verifying it checks) holds its family only.
            var mates = await store.SiteMatesAsync(articleId, site.PublisherId, site.ChangedKeys, ct);
            var affected = before.Union(after).ToList();
            var mateFamilies = (await FamiliesOfAsync(mates, ct)).Except(affected).ToList();
            await RelinkAsync(affected, known, ct);
            if (mateFamilies.Count > 0)
            {
                await RelinkAsync(mateFamilies, known, ct);
            }
            await transaction.CommitAsync(ct);
            sequencer.Wake();
            // The article itself (a new version) and every family member whose links may have changed.
            await cache.EvictAsync([.. affected, .. mateFamilies], ct);
            logger.LogDebug("Lineage of {ArticleId}: {Candidates} candidates, family of {Members}", articleId, candidates.Count, after.Count);
        });
    }

    private async Task RelinkAsync(IReadOnlyList<Guid> affected, Dictionary<Guid, StoredMember> known, CancellationToken ct)
    {
        var removed = await db.LineageLinks.Where(l => affected.Contains(l.RepublicationId)).ExecuteDeleteAsync(ct);
        foreach (var loaded in await members.LoadAsync([.. affected.Where(id => !known.ContainsKey(id))], ct))
        {
            known[loaded.ArticleId] = loaded;
        }
        var family = affected.Where(known.ContainsKey).Select(id => known[id]).ToList();
        var now = EntryTimes.ToMicroseconds(time.GetUtcNow());
        var stored = new Dictionary<Guid, RepublicationLink>();
        IReadOnlyList<LineageLink> links = family.Count < 2 ? [] : LineageResolver.Resolve(await members.WithSiteTemplatesAsync(family, ct));
        foreach (var link in links)
        {
            stored[Guid.Parse(link.RepublicationId)] = db.LineageLinks.Add(new RepublicationLink
            {
                RepublicationId = Guid.Parse(link.RepublicationId),
                DerivedFromId = Guid.Parse(link.DerivedFromId),
                OriginId = Guid.Parse(link.OriginId),
                Kind = link.Kind,
                DeclaredBy = link.DeclaredBy,
                Reuse = link.Reuse,
                Basis = link.Basis,
                Similarity = Math.Round(link.Similarity, 4),
                Containment = Math.Round(link.Containment, 4),
                SourceCoverage = Math.Round(link.SourceCoverage, 4),
                Evidence = JsonSerializer.Serialize(link.Evidence, JsonSerializerOptions.Web),
                Diff = JsonSerializer.Serialize(link.Diff, JsonSerializerOptions.Web),
                ComputedAt = now,
            }).Entity;
        }
        // A decision that stores or removes links is logged with them, in their transaction: every affected article, linked or not.
        if (removed > 0 || stored.Count > 0)
        {
            log.OweLineage(Guid.CreateVersion7(), now, affected.Select(id => (id, stored.GetValueOrDefault(id))));
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Replaces the article's keys in one statement batch, committed on its own (see <see cref="UpdateAsync"/>).</summary>
    private async Task ReplaceKeysAsync(Guid articleId, long[] keys, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync(DerivedWrite($"""
            DELETE FROM fingerprint_keys WHERE article_id = {articleId} AND NOT (key = ANY({keys}));
            INSERT INTO fingerprint_keys (key, article_id) SELECT k, {articleId} FROM unnest({keys}) AS k ON CONFLICT DO NOTHING
            """), ct);

    /// <summary>Articles sharing at least <see cref="Fingerprint.CandidateMinSharedKeys"/> index keys: bounded index scans per key
    /// (see <see cref="FingerprintSql.Candidates"/>).</summary>
    private async Task<List<Guid>> CandidatesAsync(Guid articleId, long[] keys, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<Guid>(FingerprintSql.Candidates, [.. CandidateParameters(articleId, keys)]).ToListAsync(ct);

    private NpgsqlParameter[] CandidateParameters(Guid articleId, long[] keys) =>
    [
        new("keys", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = keys },
        new("article_id", NpgsqlDbType.Uuid) { Value = articleId },
        new("min_shared", NpgsqlDbType.Integer) { Value = Fingerprint.CandidateMinSharedKeys },
        new("key_limit", NpgsqlDbType.Integer) { Value = options.Value.CommonKeyLimit },
    ];

    /// <summary>The connected component of confirmed pairs that holds <paramref name="articleId"/>.</summary>
    private Task<List<Guid>> FamilyOfAsync(Guid articleId, CancellationToken ct) => FamiliesOfAsync([articleId], ct);

    /// <summary>The families holding any of <paramref name="articleIds"/> (each article itself when it has none).</summary>
    private async Task<List<Guid>> FamiliesOfAsync(List<Guid> articleIds, CancellationToken ct)
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

    private static StoryPair NewPair(Guid a, Guid b, TextComparison comparison) => a.CompareTo(b) < 0
        ? new StoryPair
        {
            ArticleA = a, ArticleB = b, Similarity = comparison.Similarity,
            ContainmentOfAInB = comparison.ContainmentOfAInB, ContainmentOfBInA = comparison.ContainmentOfBInA,
        }
        : new StoryPair
        {
            ArticleA = b, ArticleB = a, Similarity = comparison.Similarity,
            ContainmentOfAInB = comparison.ContainmentOfBInA, ContainmentOfBInA = comparison.ContainmentOfAInB,
        };
}
