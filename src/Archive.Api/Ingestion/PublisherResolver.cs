using Archive.Data;
using Archive.Data.Entities;
using Archive.Engine.Extraction;
using Archive.Engine.Publishers;
using Microsoft.EntityFrameworkCore;

namespace Archive.Api.Ingestion;

/// <summary>
/// Finds or creates the outlet behind a page: keyed by the registrable domain of its final URL (Public Suffix List),
/// named from JSON-LD publisher, then og:site_name, then the domain itself.
/// </summary>
public sealed class PublisherResolver(ArchiveDbContext db)
{
    public static string DomainOf(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return PublicSuffixList.Default.RegistrableDomain(url.IdnHost) ?? url.IdnHost.ToLowerInvariant();
    }

    public async Task<Publisher?> ResolveAsync(Uri finalUrl, ArticleMetadata metadata, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var domain = DomainOf(finalUrl);
        var name = FirstName(metadata.PublisherName, metadata.SiteName) ?? domain;
        // Known outlets (nearly every page) are read without a lock: a lock held to the end of the ingest transaction
        // would make every upload from one outlet wait for the one before it.
        var existing = await FindAsync(domain, ct);
        if (existing is null)
        {
            // A new outlet: two of its first pages arriving at once must create it once.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"publisher:" + domain}, 1))", ct);
            existing = await FindAsync(domain, ct);
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
        var publisher = new Publisher { Name = name, PrimaryDomain = domain };
        publisher.Domains.Add(new PublisherDomain { Domain = domain, PublisherId = publisher.Id });
        db.Publishers.Add(publisher);
        return publisher;
    }

    private Task<Publisher?> FindAsync(string domain, CancellationToken ct) =>
        (from d in db.PublisherDomains
         join p in db.Publishers on d.PublisherId equals p.Id
         where d.Domain == domain
         select p).SingleOrDefaultAsync(ct);

    private static string? FirstName(params string?[] candidates) =>
        candidates.Select(c => c?.Trim()).FirstOrDefault(c => !string.IsNullOrEmpty(c) && c.Length <= 300);
}
