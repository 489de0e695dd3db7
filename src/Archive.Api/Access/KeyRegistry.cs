using Archive.Data;
using Microsoft.EntityFrameworkCore;

namespace Archive.Api.Access;

/// <summary>
/// Answers whether any API key was ever made. Until one is, the service runs in open local mode (loopback callers may
/// write). Once true it stays true for the life of the process: revoking every key does not reopen the service.
/// </summary>
internal sealed class KeyRegistry
{
    private volatile bool _anyKey;

    public async Task<bool> AnyKeyAsync(ArchiveDbContext db, CancellationToken ct)
    {
        if (!_anyKey && await db.ApiKeys.AnyAsync(ct))
        {
            _anyKey = true;
        }
        return _anyKey;
    }

    public void KeyCreated() => _anyKey = true;
}
