using System.Diagnostics;
using Archive.Data;
using Archive.Data.Entities;
using Archive.Data.Stores;
using Archive.Engine.Extraction;
using Archive.Engine.Lineage;
using Archive.Engine.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Archive.Api.Lineage;

/// <summary>
/// Pays the family path's one-time costs when the process starts instead of in the first upload that confirms a pair.
/// The service compiles every method fully optimised at its first call (QuickJit is off, docs/performance.md), so the
/// first family update of a process took 1–3 s where any later one takes tens of milliseconds (family19's account:
/// most of it the first link and log writes, then the first resolution). This resolves a made-up pair with the engine
/// and runs the update's statements for it (the relink writes its link and log entry) in a transaction it rolls back,
/// touching nothing stored.
/// </summary>
public sealed class LineageWarmUp(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, IOptions<LineageOptions> options,
    IEnumerable<IFamilyAnswerWarmUp> answers, TimeProvider time, ILogger<LineageWarmUp> logger) : BackgroundService
{
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once the warm-up has run to its end; false when it is off, failed or was stopped.</summary>
    internal Task<bool> Completion => _done.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WarmUp)
        {
            _done.TrySetResult(false);
            return;
        }
        // After start-up (the database is migrated and the host answers), off its path.
        await Task.Delay(Timeout.Infinite, lifetime.ApplicationStarted).ContinueWith(_ => { }, TaskScheduler.Default);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var decision = await Task.Run(Run, stoppingToken);
            await RunStatementsAsync(decision, stoppingToken);
            logger.LogInformation("Lineage warmed up in {Ms:F0} ms", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            _done.TrySetResult(true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Only the first family update's speed depends on this.
            logger.LogWarning(e, "Lineage warm-up failed; the first family update pays its one-time costs instead");
        }
        finally
        {
            _done.TrySetResult(false);
        }
    }

    /// <summary>
    /// The family update's statements as <see cref="LineageService"/> runs them, for the made-up pair: its two articles (no
    /// version, so nothing owes a search row), its story pair, the family path's reads and locks, the relink itself (links,
    /// members, site templates, resolution, link and log writes) and the upload's answer with its lineage JSON, in one
    /// transaction rolled back. Their code and query pipelines are compiled; nothing is stored. Since most uploads settle
    /// on the check, the first pair of a process is otherwise the first upload to run any of them (docs/performance.md, "gl30").
    /// </summary>
    private async Task RunStatementsAsync(Decision decision, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArchiveDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var articleId = decision.Copy.Id;
        await db.StoryPairs.Where(p => p.ArticleA == articleId || p.ArticleB == articleId).ExecuteDeleteAsync(ct);
        var now = time.GetUtcNow();
        db.Articles.AddRange(new Article { Id = decision.Origin.Id, Url = decision.Origin.Url, CreatedAt = now },
            new Article { Id = decision.Copy.Id, Url = decision.Copy.Url, CreatedAt = now });
        db.StoryPairs.Add(LineageService.NewPair(decision.Origin.Id, articleId, decision.Comparison));
        await db.SaveChangesAsync(ct);
        // The family path's reads and locks as the update takes them (candidates, site-mates, families, locks, members):
        // since most uploads settle on the check, the first pair of a process was the first to run any of them.
        var lineage = scope.ServiceProvider.GetRequiredService<Data.Lineage.LineageStore>();
        var site = new Guid("00000000-0000-7000-8000-000000000003");
        long[] keys = [.. Fingerprinter.Compute(decision.Copy.CanonicalText).IndexKeys];
        await lineage.PlanPerCallAsync(ct);
        await lineage.CandidatesAsync(new Data.Lineage.CandidateQuery(articleId, keys, Fingerprint.CandidateMinSharedKeys,
            options.Value.CommonKeyLimit), ct);
        await scope.ServiceProvider.GetRequiredService<Data.Lineage.LineageEvidenceStore>().SiteMatesAsync(articleId, site, keys, ct);
        var families = await lineage.FamiliesOfSeedsAsync([articleId, decision.Origin.Id], ct);
        await lineage.LockFamiliesAsync(families.Families, ct);
        await lineage.FamiliesOfAsync([articleId], ct);
        var members = scope.ServiceProvider.GetRequiredService<LineageMembers>();
        await members.LoadAsync([decision.Origin.Id, articleId], ct);
        Guid[] stale = [articleId];
        await db.LineageLinks.Where(l => stale.Contains(l.RepublicationId)).ExecuteDeleteAsync(ct);
        // The relink itself, as the update runs it (links read, members, site templates of a made-up site whose paragraphs
        // nothing holds, the resolution, the links and log entries written): in the first pair of a process its pieces
        // took 12, 144, 27 and 38 ms where a later pair's take 2, 6, 2 and 7 (docs/performance.md, "gl30").
        await scope.ServiceProvider.GetRequiredService<LineageService>().RelinkAsync([decision.Origin.Id, articleId],
            new Dictionary<Guid, StoredMember> { [decision.Origin.Id] = new(decision.Origin, site), [articleId] = new(decision.Copy, site) },
            new Dictionary<Guid, HashSet<long>>(), new Dictionary<(Guid, Guid), TextComparison>(), ct);
        // What the relink wrote, read back in the transaction: the warm-up went through a real link and lineage entry (a
        // relink that resolved nothing would leave the link and entry writes cold, and is a failure to log).
        var links = await db.LineageLinks.AsNoTracking().Where(l => l.RepublicationId == articleId || l.RepublicationId == decision.Origin.Id)
            .ToListAsync(ct);
        var entries = await db.PendingLogEntries.AsNoTracking().Where(e => e.Kind == LogEntryKind.Lineage).ToListAsync(ct);
        if (links.Count == 0 || entries.Count == 0)
        {
            throw new InvalidOperationException("The warm-up pair's relink wrote no link or no lineage entry.");
        }
        Written = new RelinkWrites(links, entries);
        // The upload's answer for an article in a family (the Articles feature's): its reads, in this transaction, so they
        // see the pair.
        foreach (var answer in answers)
        {
            AnswerLineage = await answer.AnswerAsync(scope.ServiceProvider, articleId, now, ct);
        }
        await transaction.RollbackAsync(ct);
    }

    /// <summary>The lineage the made-up copy's answer showed, for tests: the warm-up went through an answer with a link.</summary>
    internal ArticleLineage? AnswerLineage { get; private set; }

    /// <summary>The links and lineage log entries the warm-up's relink wrote (then rolled back), for tests.</summary>
    internal RelinkWrites? Written { get; private set; }

    /// <summary>The made-up pair and how it compares.</summary>
    internal sealed record Decision(LineageMember Origin, LineageMember Copy, TextComparison Comparison);

    /// <summary>What the relink stored for the pair inside the rolled-back transaction.</summary>
    internal sealed record RelinkWrites(List<RepublicationLink> Links, List<PendingLogEntry> Entries);

    /// <summary>Resolves the made-up pair with the engine: the comparison the pair's story row holds.</summary>
    internal static Decision Run()
    {
        var (origin, copy) = Pair();
        var shingles = new Dictionary<Guid, HashSet<long>>
        {
            [origin.Id] = Shingles.HashSet(origin.CanonicalText),
            [copy.Id] = Shingles.HashSet(copy.CanonicalText),
        };
        var comparison = TextComparer.Measure(shingles[origin.Id], shingles[copy.Id]);
        if (!LineageRules.IsSameStory(origin, copy, comparison))
        {
            throw new InvalidOperationException("The warm-up pair is not one story.");
        }
        SiteParagraphs.IndexKeys(copy.CanonicalText, copy.PageText);
        return new Decision(origin, copy, comparison);
    }

    /// <summary>An origin and a copy of it on another site that credits it and adds a paragraph of its own.</summary>
    private static (LineageMember Origin, LineageMember Copy) Pair()
    {
        string[] paragraphs =
        [
            "The harbour council voted on Tuesday to rebuild the old railway bridge, ending a dispute that has divided the town for a decade.",
            "Residents who crossed the river by ferry during the closure said the decision came too late for the shops on the east bank.",
            "The mayor said funding from the regional transport plan would cover most of the cost, and that work could begin next spring.",
            "Engineers warned last winter that the bridge's piers had been weakened by repeated floods and could not carry trains safely.",
            "A local teachers' union welcomed the vote, saying pupils from the villages upstream had faced journeys of over an hour.",
        ];
        var text = CanonicalText.Normalize(string.Join("\n\n", paragraphs));
        var origin = new LineageMember
        {
            Id = new Guid("00000000-0000-7000-8000-000000000001"), Url = "https://origin.warm-up.invalid/news/bridge",
            CanonicalText = text, PublisherName = "Origin", PublishedAt = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero),
            PageText = PageText.Fold("Subscribe to our newsletter"),
        };
        var copy = new LineageMember
        {
            Id = new Guid("00000000-0000-7000-8000-000000000002"), Url = "https://copy.warm-up.invalid/2026/bridge",
            CanonicalText = CanonicalText.Normalize(text + "\n\nSource: Origin\n\nOur view: the council should have acted years ago."),
            PublisherName = "Copy", PublishedAt = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero),
            Links = [new ArticleLink(origin.Url, "Origin")],
            PageText = PageText.Fold("Share this story"),
        };
        return (origin, copy);
    }
}
