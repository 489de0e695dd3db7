using Microsoft.EntityFrameworkCore;

namespace Archive.Data;

/// <summary>
/// Work that runs many statements in a row on one pooled connection. The context opens and closes its connection around
/// each statement or transaction, and every close hands the connection back to Npgsql's pool, which resets its session
/// (seven statements sent ahead of the next use) when it is taken again. Opened here, the context counts the open, so the
/// statements' own opens and closes leave it open until the work ends.
/// </summary>
/// <remarks>
/// Hold it only across work that waits for nothing but the database itself: a holder that waits for another unit of work
/// which needs a connection of the same pool (the log pass) starves that work once the pool's connections are all held
/// (d7faf0e, reverted in 30a322f). Nothing on the connection may outlive the work: settings and advisory locks taken
/// under it are transaction-scoped.
/// </remarks>
public static class HeldConnection
{
    public static async Task<T> RunAsync<T>(ArchiveDbContext db, Func<Task<T>> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await work();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
