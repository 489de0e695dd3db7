using Archive.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Archive.Data.Stores;

/// <summary>Outlets, keyed by registrable domain.</summary>
public sealed class PublisherStore(ArchiveDbContext db, TimeProvider time)
{
    /// <summary>
    /// The publisher of <paramref name="domain"/>, created (named <paramref name="name"/>) if new; one first seen without a
    /// name takes <paramref name="name"/>. Runs inside the caller's transaction and leaves the changes to its next SaveChanges.
    /// </summary>
    public async Task<Publisher> FindOrCreateAsync(string domain, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(name);
        // Known outlets (nearly every page) are read without a lock: a lock held to the end of the ingest transaction
        // would make every upload from one outlet wait for the one before it.
        var existing = await ByDomainAsync(domain, ct);
        if (existing is null)
        {
            // A new outlet: two of its first pages arriving at once must create it once.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKeys.Publisher(domain)})", ct);
            existing = await ByDomainAsync(domain, ct);
        }
        if (existing is not null)
        {
            // A publisher first seen without a name gets one as soon as a page declares it.
            if (existing.Name == existing.PrimaryDomain && name != domain)
            {
                existing.Name = name;
            }
            return existing;
        }
        var publisher = new Publisher { Name = name, PrimaryDomain = domain, CreatedAt = time.GetUtcNow() };
        publisher.Domains.Add(new PublisherDomain { Domain = domain, PublisherId = publisher.Id });
        db.Publishers.Add(publisher);
        return publisher;
    }

    private Task<Publisher?> ByDomainAsync(string domain, CancellationToken ct) => ByDomainQuery.RunAsync(db, domain, ct);

    // Compiled: every ingest runs it, and EF Core's per-call query-cache lookup cost more CPU than the read.
    private static readonly CompiledQuery<string, Publisher?> ByDomainQuery = new((db, domain, ct) =>
        (from d in db.PublisherDomains
         join p in db.Publishers on d.PublisherId equals p.Id
         where d.Domain == domain
         select p).SingleOrDefault());
}
