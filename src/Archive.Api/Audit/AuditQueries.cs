using Archive.Api.Lineage;
using Archive.Data;
using Archive.Data.Entities;
using Archive.Engine;
using Archive.Engine.Lineage;
using Microsoft.EntityFrameworkCore;

namespace Archive.Api.Audit;

/// <summary>Audit filters with outlets already resolved to publisher ids.</summary>
public sealed record AuditFilter(Guid? PublisherId, Guid? SourceId, DateTimeOffset? From, DateTimeOffset? To, LineageKind? Kind,
    LineageDeclaration? DeclaredBy = null, LineageReuse? Reuse = null, EvidenceBasis? Basis = null);

/// <summary>The queries behind the audit views, all over lineage_links joined to articles and publishers.</summary>
public sealed class AuditQueries(Archive.Data.Replicas.ArchiveReadDb read)
{
    private readonly ArchiveDbContext db = read.Context;

    /// <summary>A publisher named by id, primary domain, any of its domains or name (case-insensitive).</summary>
    public async Task<Guid?> FindOutletAsync(string outlet, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(outlet);
        if (Guid.TryParse(outlet, out var id))
        {
            return await db.Publishers.AnyAsync(p => p.Id == id, ct) ? id : null;
        }
        var key = outlet.Trim().ToLowerInvariant();
        return await db.PublisherDomains.Where(d => d.Domain == key).Select(d => (Guid?)d.PublisherId).FirstOrDefaultAsync(ct)
            ?? await db.Publishers.Where(p => EF.Functions.ILike(p.Name, EscapeLike(outlet.Trim()))).Select(p => (Guid?)p.Id)
                .FirstOrDefaultAsync(ct);
    }

    public IQueryable<RepublicationLink> Links(AuditFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var links = db.LineageLinks.AsNoTracking();
        if (filter.PublisherId is { } publisher)
        {
            links = links.Where(l => l.Republication!.PublisherId == publisher);
        }
        if (filter.SourceId is { } source)
        {
            links = links.Where(l => l.DerivedFrom!.PublisherId == source);
        }
        if (filter.Kind is { } kind)
        {
            links = links.Where(l => l.Kind == kind);
        }
        if (filter.DeclaredBy is { } declaredBy)
        {
            links = links.Where(l => l.DeclaredBy == declaredBy);
        }
        if (filter.Reuse is { } reuse)
        {
            links = links.Where(l => l.Reuse == reuse);
        }
        if (filter.Basis is { } basis)
        {
            links = links.Where(l => l.Basis == basis);
        }
        // "When" is when the republication says it was published, or else when we captured it.
        if (filter.From is { } from)
        {
            links = links.Where(l => (l.Republication!.CurrentVersion!.PublishedAt ?? l.Republication.CurrentVersion.CapturedAt) >= from);
        }
        if (filter.To is { } to)
        {
            links = links.Where(l => (l.Republication!.CurrentVersion!.PublishedAt ?? l.Republication.CurrentVersion.CapturedAt) < to);
        }
        return links.OrderBy(l => l.Republication!.CurrentVersion!.PublishedAt ?? l.Republication.CurrentVersion.CapturedAt)
            .ThenBy(l => l.RepublicationId);
    }

    public async Task<List<AuditRow>> RowsAsync(IQueryable<RepublicationLink> links, CancellationToken ct)
    {
        var rows = await links
            .Select(l => new
            {
                Link = l,
                R = new Side(l.Republication!.Id, l.Republication.Url, l.Republication.Publisher, l.Republication.CurrentVersion!.PublishedAt),
                D = new Side(l.DerivedFrom!.Id, l.DerivedFrom.Url, l.DerivedFrom.Publisher, l.DerivedFrom.CurrentVersion!.PublishedAt),
                O = new Side(l.Origin!.Id, l.Origin.Url, l.Origin.Publisher, l.Origin.CurrentVersion!.PublishedAt),
            })
            .ToListAsync(ct);
        return [.. rows.Select(r => new AuditRow(r.R.ToAudit(), r.D.ToAudit(), r.O.ToAudit(),
            r.Link.Kind, r.Link.Similarity, r.Link.Containment, LineageReader.Evidence(r.Link), r.Link.DeclaredBy, r.Link.Reuse, r.Link.Basis))];
    }

    public async Task<PublisherAudit?> PublisherAsync(Guid publisherId, CancellationToken ct)
    {
        var publisher = await db.Publishers.AsNoTracking().SingleOrDefaultAsync(p => p.Id == publisherId, ct);
        if (publisher is null)
        {
            return null;
        }
        var from = await db.LineageLinks.Where(l => l.Republication!.PublisherId == publisherId)
            .Select(l => new KindOf(l.DerivedFrom!.Publisher, l.Kind)).ToListAsync(ct);
        var by = await db.LineageLinks.Where(l => l.DerivedFrom!.PublisherId == publisherId)
            .Select(l => new KindOf(l.Republication!.Publisher, l.Kind)).ToListAsync(ct);
        return new PublisherAudit(Outlet(publisher), from.Count, by.Count, Counts(from), Counts(by));
    }

    /// <summary>Every key that uploaded pages or is trusted, with its upload count; trusted keys first.</summary>
    public async Task<List<AuditKey>> KeysAsync(CancellationToken ct)
    {
        var uploads = await db.Captures.Where(c => c.Source == CaptureSource.Uploaded && c.SubmittedBy != null)
            .GroupBy(c => c.SubmittedBy!).Select(g => new { By = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.By, g => g.Count, ct);
        var keys = await db.ApiKeys.AsNoTracking().ToListAsync(ct);
        var named = keys.Select(k => (By: Data.Lineage.LineageEvidenceStore.KeyPrefix + k.Id, Key: k)).ToList();
        var rows = named.Where(k => k.Key.Trusted || uploads.ContainsKey(k.By))
            .Select(k => new AuditKey(k.By, k.Key.Name, k.Key.Trusted, k.Key.RevokedAt is not null, uploads.GetValueOrDefault(k.By)))
            .Concat(uploads.Keys.Except(named.Select(k => k.By)).Select(by => new AuditKey(by, null, false, false, uploads[by])));
        return [.. rows.OrderByDescending(k => k.Trusted).ThenBy(k => k.By, StringComparer.Ordinal)];
    }

    public async Task<AuditMatrix> MatrixAsync(CancellationToken ct)
    {
        var cells = await db.LineageLinks.AsNoTracking()
            .GroupBy(l => new { Republisher = l.Republication!.PublisherId, Source = l.DerivedFrom!.PublisherId })
            .Select(g => new { g.Key.Republisher, g.Key.Source, Count = g.Count() })
            .ToListAsync(ct);
        var ids = cells.SelectMany(c => new[] { c.Republisher, c.Source }).OfType<Guid>().Distinct().ToList();
        var outlets = await db.Publishers.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        OutletRef Ref(Guid? id) => id is { } v && outlets.TryGetValue(v, out var p) ? Outlet(p) : Outlet(null);
        return new AuditMatrix(
            [.. outlets.Values.OrderBy(p => p.Name, StringComparer.Ordinal).Select(Outlet)],
            [.. cells.OrderByDescending(c => c.Count).ThenBy(c => Ref(c.Republisher).Name, StringComparer.Ordinal)
                .Select(c => new MatrixCell(Ref(c.Republisher), Ref(c.Source), c.Count))]);
    }

    private static List<OutletCount> Counts(List<KindOf> rows) =>
        [.. rows.GroupBy(r => r.Publisher?.Id)
            .Select(g => new OutletCount(Outlet(g.First().Publisher), g.Count(),
                g.GroupBy(r => r.Kind).ToDictionary(k => EnumText.Of(k.Key), k => k.Count(), StringComparer.Ordinal)))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Publisher.Name, StringComparer.Ordinal)];

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);

    private static OutletRef Outlet(Publisher? p) => new(p?.Id, p?.Name, p?.PrimaryDomain);

    private sealed record KindOf(Publisher? Publisher, LineageKind Kind);

    private sealed record Side(Guid Id, string Url, Publisher? Publisher, DateTimeOffset? PublishedAt)
    {
        public AuditArticle ToAudit() => new(Id, Url, Outlet(Publisher), PublishedAt);
    }
}
