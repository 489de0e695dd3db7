using Archive.Data;
using Archive.Data.Entities;
using Archive.Data.Lineage;
using Archive.Engine;
using Archive.Engine.Lineage;
using Archive.Transparency.Entries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Archive.Api.Lineage;

/// <summary>
/// Keeps lineage current as articles arrive: fingerprint the article's current text, find candidates through the indexed
/// fingerprint keys, confirm them on the texts, store confirmed same-story pairs, and re-resolve the whole family (the
/// connected component of pairs) from scratch. Because a family's links are recomputed from its full member set every
/// time, an origin that arrives after its copies re-links them, and the result never depends on arrival order.
/// </summary>
public sealed class LineageService(ArchiveDbContext db, TimeProvider time, IOptions<LineageOptions> options, IEnumerable<ILineageObserver> observers,
    LineageMembers members, LineageEvidenceStore store, LineageStore lineage, LogStore log, Log.LogSequencer sequencer,
    Extensions.ServerTiming timing, ILogger<LineageService> logger)
{
    /// <summary>How many times candidates alone are decided on their texts before the check (run again less them) gives the
    /// update to the family path: candidates that appear between two checks are other pages' uploads arriving meanwhile.</summary>
    private const int CandidateRounds = 3;

    public Task UpdateAsync(Guid articleId, CancellationToken ct) => UpdateAsync(articleId, null, ct);

    /// <summary>Updates the article's lineage; <paramref name="ingested"/> is the version ingest just stored with what it
    /// derived from it, so its texts are not read back, nor its canonical text and fingerprint computed again, when lineage
    /// reads that version (or that text). True when the article is in no family: its check found no pair, no candidate and
    /// no site-mate's family to change, so it has no lineage links (as of the check's locks).</summary>
    public async Task<bool> UpdateAsync(Guid articleId, IngestedVersion? ingested, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        // Owed updates queued before this one read the article are settled by it (a story seen nowhere else, by its check).
        if (!await UpdateLineageAsync(articleId, ingested, started, ct))
        {
            await lineage.SettleAsync(articleId, started, ct);
            return false;
        }
        return true;
    }

    /// <summary>
    /// Resolves again the lineage of every article a key uploaded, after its trust changed: its uploads turn from claims into
    /// observations or back. The updates are owed durably first (pending_lineage), so a crash midway leaves them to the sweeper.
    /// </summary>
    public async Task RelinkUploadsOfAsync(Guid keyId, CancellationToken ct)
    {
        var articles = await store.UploadedByAsync(keyId, ct);
        await lineage.OweAsync(articles, time.GetUtcNow(), ct);
        foreach (var articleId in articles)
        {
            await UpdateAsync(articleId, ct);
        }
        logger.LogInformation("Lineage of {Count} articles uploaded by key {KeyId} resolved again after its trust changed", articles.Count, keyId);
    }

    /// <summary>The update; true when it also settled the article's owed update queued at or before <paramref name="readAt"/>.</summary>
    private async Task<bool> UpdateLineageAsync(Guid articleId, IngestedVersion? ingested, DateTimeOffset readAt, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        StoredMember? stored;
        using (timing.Measure("lin-load"))
        {
            stored = (await members.LoadAsync([articleId], ingested, ct)).SingleOrDefault();
        }
        if (stored is null)
        {
            return false;
        }
        var member = stored.Member;
        var processed = ingested?.Processed;
        // The fingerprint's index keys are sorted and distinct: one array serves the key write and every lookup. Lineage
        // may read another version than the one just stored (an observation outranks a newer claim): then it computes them.
        var fromIngest = processed is not null && ReferenceEquals(member.CanonicalText, processed.CanonicalText);
        var fingerprint = fromIngest ? processed!.Fingerprint : Fingerprinter.Compute(member.CanonicalText);
        long[] keys = [.. fingerprint.IndexKeys];
        // The keys are committed before any lookup. Of two copies arriving together, the one that looks second therefore
        // sees the other's keys, and no pair can be missed without the exclusive lock. The site's paragraphs likewise: of
        // two pages of one site arriving together, the later reader sees the other's template. Both in one round trip.
        // An article this ingest created, read as this ingest stored it, holds no keys yet: they are only inserted.
        var firstKeys = fromIngest && ingested!.NewArticle;
        SiteChange site;
        using (timing.Measure("lin-keys"))
        {
            site = new SiteChange(stored.PublisherId, await lineage.ReplaceIndexesAsync(articleId, keys, stored.PublisherId,
                SiteParagraphs.IndexKeys(member.CanonicalText, member.PageText), firstKeys, ct));
        }
        var query = CandidatesOf(articleId, keys);
        NoFamilyCheck check;
        using (timing.Measure("lin-check"))
        {
            check = await lineage.CheckNoFamilyAsync(query, member.Url, site.PublisherId, site.ChangedKeys, [], readAt, ct);
        }
        // Candidates alone (no pair, no site-mate in a family) are decided on their texts before any family lock: most share
        // a passage or a few keys and are no pair, and the check, run again less them, then settles the update. Rejecting
        // one outside the locks is safe: a text is no pair of this one whatever happens to its family, and a version of it
        // stored later finds this article by its keys (committed above) and decides that pair itself.
        // Pages arriving meanwhile may bring new candidates: decided the same way, a few times at most.
        var rejected = new List<Guid>();
        for (var round = 0; round < CandidateRounds && check is { Settled: false, InFamily: false }; round++)
        {
            using (timing.Measure("lin-candidates"))
            {
                if (!await NoneIsAPairAsync(member, fromIngest ? processed!.Shingles : null, check.Candidates, ct))
                {
                    break;
                }
                rejected.AddRange(check.Candidates);
                check = await lineage.CheckNoFamilyAsync(query, member.Url, site.PublisherId, site.ChangedKeys, [.. rejected], readAt, ct);
            }
        }
        if (check.Settled)
        {
            // No links changed: nothing lineage shows is stale. An ingest evicts the article for its new version itself,
            // after its log entry; an owed update (the sweeper's, a trust change's) evicts it here, since the ingest that
            // owed it may have died before doing so.
            if (ingested is null)
            {
                await ChangedAsync([articleId], ct);
            }
            logger.LogDebug("Lineage of {ArticleId}: no candidates, no family", articleId);
            return true;
        }
        // Timed apart for the load bench's slowest uploads (Server-Timing "family", with "family-lock" for its lock waits and
        // "family-mates" for the site-mates' relink). It costs ~15 round trips against the check's one: on a loaded machine each
        // waits for the service and a backend to be scheduled (docs/performance.md, "wait30").
        using (timing.Measure("family"))
        {
            await UpdateFamilyAsync(articleId, stored, keys, site, fromIngest ? processed!.Shingles : null, ct);
        }
        return false;
    }

    /// <summary>True when no candidate is the same story as <paramref name="member"/>: the family update's pair decision
    /// (<see cref="UpdateFamiliesHeldAsync"/>), without its locks.</summary>
    private async Task<bool> NoneIsAPairAsync(LineageMember member, HashSet<long>? shingles, Guid[] candidates, CancellationToken ct)
    {
        shingles ??= Shingles.HashSet(member.CanonicalText);
        foreach (var candidate in await members.LoadAsync(candidates, ct))
        {
            if (Decide(candidate.Member, member, shingles) is { IsPair: true })
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The pair decision of a candidate and the arriving article (whose shingles are <paramref name="shingles"/>):
    /// null for a page of the same host, never a pair, whose text is therefore not compared; else the candidate's shingles,
    /// the comparison and whether they are one story.</summary>
    private static PairDecision? Decide(LineageMember candidate, LineageMember member, HashSet<long> shingles)
    {
        if (LineageRules.SameHost(candidate, member))
        {
            return null;
        }
        var candidateShingles = Shingles.HashSet(candidate.CanonicalText);
        var comparison = TextComparer.Measure(candidateShingles, shingles);
        return new PairDecision(candidateShingles, comparison, LineageRules.IsSameStory(candidate, member, comparison));
    }

    private sealed record PairDecision(HashSet<long> Shingles, TextComparison Comparison, bool IsPair);

    /// <summary>The paragraphs an update changed in its site's index: they may change the template of the site's other pages.</summary>
    private sealed record SiteChange(Guid? PublisherId, long[] ChangedKeys);

    /// <param name="shingles">The article's shingles where ingest made them from the text lineage read (else null).</param>
    private async Task UpdateFamilyAsync(Guid articleId, StoredMember stored, long[] keys, SiteChange site, HashSet<long>? shingles,
        CancellationToken ct)
    {
        // The families this update may change: the article's own, its candidates' (a confirmed pair merges them) and its
        // site-mates' (their template changed). Candidates and mates are read once, before any lock: one that appears later
        // finds this article itself, since its keys and paragraphs were committed before these reads.
        List<Guid> candidates, mates;
        Guid[] seeds;
        SortedSet<Guid> held;
        using (timing.Measure("family-reads"))
        await using (var reads = await db.Database.BeginTransactionAsync(ct))
        {
            await lineage.PlanPerCallAsync(ct);
            using (timing.Measure("fr-candidates"))
            {
                candidates = await lineage.CandidatesAsync(CandidatesOf(articleId, keys), ct);
            }
            using (timing.Measure("fr-mates"))
            {
                mates = await store.SiteMatesAsync(articleId, site.PublisherId, site.ChangedKeys, ct);
            }
            seeds = [articleId, .. candidates, .. mates];
            using (timing.Measure("fr-families"))
            {
                held = new SortedSet<Guid>((await lineage.FamiliesOfSeedsAsync(seeds, ct)).Families);
            }
            await reads.CommitAsync(ct);
        }
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            while (!await UpdateFamiliesHeldAsync(articleId, stored, shingles, candidates, mates, seeds, held, ct))
            {
                logger.LogDebug("Lineage of {ArticleId}: its families changed before their locks were granted; locking {Count}", articleId, held.Count);
            }
        });
    }

    /// <summary>
    /// The update under the locks of <paramref name="held"/> families, in one transaction. False (rolled back, nothing
    /// changed) when the families read under the locks are not all held: <paramref name="held"/> then has them too.
    /// </summary>
    private async Task<bool> UpdateFamiliesHeldAsync(Guid articleId, StoredMember stored, HashSet<long>? articleShingles,
        List<Guid> candidates, List<Guid> mates, Guid[] seeds, SortedSet<Guid> held, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        using (timing.Measure("family-lock"))
        {
            await lineage.LockFamiliesAsync(held, ct);
        }
        var pairing = timing.Measure("family-pairs");
        // Read again under the locks: a concurrent update may have merged or split a family meanwhile. Every family
        // changed here must be one whose lock is held, else start again holding the larger set.
        var families = await lineage.FamiliesOfSeedsAsync(seeds, ct);
        if (!held.IsSupersetOf(families.Families))
        {
            await transaction.RollbackAsync(ct);
            held.UnionWith(families.Families);
            return false;
        }
        // The family before this update: its members need new links too if this article's text no longer joins them.
        var before = families.FamilyOf(articleId);

        await db.StoryPairs.Where(p => p.ArticleA == articleId || p.ArticleB == articleId).ExecuteDeleteAsync(ct);
        // Members already read are kept for the relink, which needs most of them again.
        var member = stored.Member;
        var known = new Dictionary<Guid, StoredMember> { [articleId] = stored };
        // Deciding a pair needs the figures alone, not the diff (links get theirs when the family is resolved); the
        // article's shingles serve every candidate, and a page of the same host is never a pair. Every member's shingles,
        // once made, serve the family's resolutions below too (members keep their text for the whole update).
        var shingles = articleShingles ?? Shingles.HashSet(member.CanonicalText);
        var shingled = new Dictionary<Guid, HashSet<long>> { [articleId] = shingles };
        // The candidates' comparisons with the article, which the family's resolution takes instead of making them again.
        var measured = new Dictionary<(Guid, Guid), TextComparison>();
        int sameHost = 0, paired = 0;
        foreach (var candidate in await members.LoadAsync(candidates, ct))
        {
            known[candidate.ArticleId] = candidate;
            if (Decide(candidate.Member, member, shingles) is not { } decision)
            {
                sameHost++;
                continue;
            }
            shingled[candidate.ArticleId] = decision.Shingles;
            measured[(candidate.ArticleId, articleId)] = decision.Comparison;
            if (decision.IsPair)
            {
                db.StoryPairs.Add(NewPair(candidate.ArticleId, articleId, decision.Comparison));
                paired++;
            }
        }
        await db.SaveChangesAsync(ct);
        pairing.Dispose();

        var relinking = timing.Measure("family-relink");
        var after = await FamilyOfAsync(articleId, ct);
        // Families of the site's other pages whose template this page changed are resolved again too, so a copy's kind
        // does not depend on whether its site's other pages arrived before or after it.
        // They are a decision of their own: this article's decision (and what verifying it checks) holds its family only.
        var affected = before.Union(after).ToList();
        // A mate in no family has no links for its template to change (the check above ignores it likewise).
        var mateFamilies = mates.Select(families.FamilyOf).Where(f => f.Count > 1).SelectMany(f => f).Distinct().Except(affected).ToList();
        await RelinkAsync(affected, known, shingled, measured, ct);
        relinking.Dispose();
        // What brought the update here, for the load bench (bench/load_paths.py).
        timing.Note("family-why", $"candidates {candidates.Count} same-host {sameHost} paired {paired} before {before.Count} " +
            $"after {after.Count} mates {mates.Count} mates-in-families {mates.Count(m => families.FamilyOf(m).Count > 1)} mate-members {mateFamilies.Count}");
        if (mateFamilies.Count > 0)
        {
            using (timing.Measure("family-mates"))
            {
                await RelinkAsync(mateFamilies, known, shingled, measured, ct);
            }
        }
        using (timing.Measure("family-commit"))
        {
            await transaction.CommitAsync(ct);
        }
        sequencer.Wake();
        // The article itself (a new version) and every family member whose links may have changed.
        using (timing.Measure("family-changed"))
        {
            await ChangedAsync([.. affected, .. mateFamilies], ct);
        }
        logger.LogDebug("Lineage of {ArticleId}: {Candidates} candidates, family of {Members}", articleId, candidates.Count, after.Count);
        return true;
    }

    /// <summary>
    /// Resolves the family again from all its members and writes only the links that changed: a copy joining a family
    /// writes its own link (and those its arrival changes, an earlier origin's re-links), not every member's again, so the
    /// rows an update writes do not grow with the family. A kept link keeps the time it was decided.
    /// </summary>
    internal async Task RelinkAsync(IReadOnlyList<Guid> affected, Dictionary<Guid, StoredMember> known,
        Dictionary<Guid, HashSet<long>> shingles, IReadOnlyDictionary<(Guid, Guid), TextComparison> measured, CancellationToken ct)
    {
        Dictionary<Guid, RepublicationLink> existing;
        using (timing.Measure("rl-links"))
        {
            existing = await db.LineageLinks.AsNoTracking().Where(l => affected.Contains(l.RepublicationId))
                .ToDictionaryAsync(l => l.RepublicationId, ct);
        }
        using (timing.Measure("rl-members"))
        {
            foreach (var loaded in await members.LoadAsync([.. affected.Where(id => !known.ContainsKey(id))], ct))
            {
                known[loaded.ArticleId] = loaded;
            }
        }
        var family = affected.Where(known.ContainsKey).Select(id => known[id]).ToList();
        var now = EntryTimes.ToMicroseconds(time.GetUtcNow());
        IReadOnlyList<LineageMember> templated = [];
        if (family.Count >= 2)
        {
            using (timing.Measure("rl-templates"))
            {
                templated = await members.WithSiteTemplatesAsync(family, ct);
            }
        }
        IReadOnlyList<LineageLink> links;
        using (timing.Measure("rl-resolve"))
        {
            links = family.Count < 2 ? [] : LineageResolver.Resolve(templated, shingles, measured);
        }
        var writing = timing.Measure("rl-write");
        var resolved = links.ToDictionary(l => l.RepublicationId, l => StoredLinks.Of(l, now));
        Guid[] stale = [.. existing.Values.Where(l => !resolved.TryGetValue(l.RepublicationId, out var link) || !StoredLinks.Same(l, link))
            .Select(l => l.RepublicationId)];
        if (stale.Length > 0)
        {
            await db.LineageLinks.Where(l => stale.Contains(l.RepublicationId)).ExecuteDeleteAsync(ct);
        }
        db.LineageLinks.AddRange(resolved.Values.Where(l => !existing.ContainsKey(l.RepublicationId) || stale.Contains(l.RepublicationId)));
        // A decision that finds or leaves links is logged with them, in their transaction: every affected article, linked or
        // not, with the link it has now (a kept one as it is), as before links were written selectively.
        if (existing.Count > 0 || resolved.Count > 0)
        {
            log.OweLineage(Guid.CreateVersion7(), now, affected.Select(id => (id, resolved.GetValueOrDefault(id))));
        }
        await db.SaveChangesAsync(ct);
        writing.Dispose();
    }

    private async Task ChangedAsync(IReadOnlyCollection<Guid> articleIds, CancellationToken ct)
    {
        foreach (var observer in observers)
        {
            await observer.LineageChangedAsync(articleIds, ct);
        }
    }

    private CandidateQuery CandidatesOf(Guid articleId, long[] keys) =>
        new(articleId, keys, Fingerprint.CandidateMinSharedKeys, options.Value.CommonKeyLimit);

    /// <summary>The connected component of confirmed pairs that holds <paramref name="articleId"/>.</summary>
    private Task<List<Guid>> FamilyOfAsync(Guid articleId, CancellationToken ct) => lineage.FamiliesOfAsync([articleId], ct);

    internal static StoryPair NewPair(Guid a, Guid b, TextComparison comparison) => a.CompareTo(b) < 0
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
