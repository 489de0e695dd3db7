using Archive.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Archive.Data.Stores;

/// <summary>Imports and the records they turned into captures.</summary>
public sealed class ImportStore(ArchiveDbContext db)
{
    public async Task<Import> CreateAsync(Import import, CancellationToken ct)
    {
        db.Imports.Add(import);
        await db.SaveChangesAsync(ct);
        return import;
    }

    public Task<Import?> FindAsync(Guid id, CancellationToken ct) => db.Imports.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct);

    /// <summary>Imports that were received (or had started) when the service last stopped: they are run again.</summary>
    public Task<List<Import>> UnfinishedAsync(CancellationToken ct) =>
        db.Imports.AsNoTracking().Where(i => i.State == ImportState.Queued || i.State == ImportState.Running)
            .OrderBy(i => i.CreatedAt).ToListAsync(ct);

    public async Task SaveProgressAsync(Import import, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        db.Imports.Update(import);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// The capture a record already became: the same record id imported before, or — for a record re-exported by another
    /// tool under a new id — a capture of the same URL, at the same time, with the same bytes.
    /// </summary>
    public async Task<Guid?> ExistingCaptureAsync(string recordId, string finalUrl, DateTimeOffset capturedAt, string rawSha256,
        CancellationToken ct)
    {
        var byRecord = await db.ImportedRecords.AsNoTracking().Where(r => r.RecordId == recordId).Select(r => (Guid?)r.CaptureId)
            .SingleOrDefaultAsync(ct);
        if (byRecord is not null)
        {
            return byRecord;
        }
        var at = capturedAt.ToUniversalTime();
        return await db.Captures.AsNoTracking()
            .Where(c => c.RawSha256 == rawSha256 && c.FinalUrl == finalUrl && c.CapturedAt == at)
            .Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>Records the record → capture link in the ingest's own transaction (the caller saves).</summary>
    public void AddRecord(ImportedRecord record) => db.ImportedRecords.Add(record);
}
