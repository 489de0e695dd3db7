using Archive.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Archive.Data.Stores;

/// <summary>First answers to POSTs sent with an Idempotency-Key, one row per (caller, key).</summary>
public sealed class IdempotencyStore(ArchiveDbContext db)
{
    /// <summary>
    /// Frees the caller's key if its row expired (created before <paramref name="expiredBefore"/>) or its first request died
    /// unanswered (still running since before <paramref name="abandonedBefore"/>).
    /// </summary>
    public async Task ForgetStaleAsync(string caller, string key, DateTimeOffset expiredBefore, DateTimeOffset abandonedBefore, CancellationToken ct) =>
        await db.IdempotentRequests
            .Where(r => r.Caller == caller && r.Key == key && (r.CreatedAt < expiredBefore || (r.StatusCode == null && r.CreatedAt < abandonedBefore)))
            .ExecuteDeleteAsync(ct);

    /// <summary>Claims the key for a first request; false when another request holds it already.</summary>
    public async Task<bool> TryClaimAsync(string caller, string key, string requestHash, DateTimeOffset now, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO idempotent_requests (caller, key, request_hash, created_at) VALUES ({caller}, {key}, {requestHash}, {now})
            ON CONFLICT DO NOTHING
            """, ct) > 0;

    /// <summary>Stores the first request's answer for its retries.</summary>
    public async Task StoreAnswerAsync(string caller, string key, int statusCode, string? contentType, string? location, byte[] body,
        CancellationToken ct) =>
        await db.IdempotentRequests.Where(r => r.Caller == caller && r.Key == key).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.StatusCode, statusCode)
            .SetProperty(r => r.ContentType, contentType)
            .SetProperty(r => r.Location, location)
            .SetProperty(r => r.ResponseBody, body), ct);

    /// <summary>Frees the key with nothing stored, so the caller's retry runs again.</summary>
    public async Task ReleaseAsync(string caller, string key, CancellationToken ct) =>
        await db.IdempotentRequests.Where(r => r.Caller == caller && r.Key == key).ExecuteDeleteAsync(ct);

    public Task<IdempotentRequest?> FindAsync(string caller, string key, CancellationToken ct) =>
        db.IdempotentRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Caller == caller && r.Key == key, ct);
}
