using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Archive.Data.Stores;

/// <summary>
/// Builds the search rows uploads leave owed. An article is owed while its current version differs from
/// <c>articles.indexed_version_id</c> (the version its <c>article_search</c> row was built from); the upload's commit is
/// what makes it owed, so nothing is lost to a crash before indexing. <c>article_search_index_owed</c> (migration
/// SearchIndexedAfterCommit) builds a batch under <see cref="LockKeys.SearchIndexer"/>, so indexers of several processes
/// take turns instead of merging the same GIN pending list at once.
/// </summary>
public static class SearchIndexing
{
    /// <summary>Rows built per statement: big enough to share its overhead, small enough to keep a batch well under a second.</summary>
    public const int DefaultBatch = 100;

    /// <summary>Builds up to <paramref name="batch"/> owed rows, articles in <paramref name="skip"/> left out; returns how many.</summary>
    public static async Task<int> IndexOwedAsync(NpgsqlConnection connection, int batch, IReadOnlyCollection<Guid> skip, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(skip);
        // A batch on a starved machine can take long; it holds no lock an upload waits for (see the function).
        await using var command = new NpgsqlCommand("SELECT article_search_index_owed($1, $2, $3)", connection) { CommandTimeout = 600 };
        command.Parameters.Add(new NpgsqlParameter { Value = batch });
        command.Parameters.Add(new NpgsqlParameter { Value = LockKeys.SearchIndexer });
        command.Parameters.Add(new NpgsqlParameter { Value = skip.ToArray() });
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Builds up to <paramref name="batch"/> owed rows on the context's connection, articles in <paramref name="failing"/>
    /// left out. When the batch fails on one article's data (no known text does: the text is capped below tsvector's
    /// limit), its articles are built one at a time so the others are indexed; the one that fails alone is added to
    /// <paramref name="failing"/> and told to <paramref name="failed"/>, and stays owed in the database.
    /// </summary>
    public static async Task<int> IndexOwedAsync(ArchiveDbContext db, int batch, ISet<Guid> failing, Action<Guid, Exception> failed,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(failing);
        ArgumentNullException.ThrowIfNull(failed);
        await db.Database.OpenConnectionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        try
        {
            return await IndexOwedAsync(connection, batch, [.. failing], ct);
        }
        catch (PostgresException e) when (batch > 1 && IsAboutData(e))
        {
            while (await IndexOneAsync(connection, failing, failed, ct))
            {
            }
            return batch;
        }
        finally
        {
            // A pooled context keeps a connection opened by hand: the next request renting it would hold it from the start.
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<bool> IndexOneAsync(NpgsqlConnection connection, ISet<Guid> failing, Action<Guid, Exception> failed,
        CancellationToken ct)
    {
        try
        {
            return await IndexOwedAsync(connection, 1, [.. failing], ct) == 1;
        }
        catch (PostgresException e) when (IsAboutData(e))
        {
            if (await NextOwedAsync(connection, [.. failing], ct) is not { } id)
            {
                throw;
            }
            failing.Add(id);
            failed(id, e);
            return true;
        }
    }

    /// <summary>A data exception or a limit exceeded (SQLSTATE classes 22 and 54): what one article's text could cause.</summary>
    private static bool IsAboutData(PostgresException e) => e.SqlState.StartsWith("22", StringComparison.Ordinal) ||
        e.SqlState.StartsWith("54", StringComparison.Ordinal);

    /// <summary>Builds every owed row, batch after batch (seeding, bulk loads, tests that write rows directly).</summary>
    public static async Task<int> IndexAllOwedAsync(NpgsqlConnection connection, CancellationToken ct, int batch = DefaultBatch)
    {
        var total = 0;
        int done;
        do
        {
            total += done = await IndexOwedAsync(connection, batch, [], ct);
        }
        while (done == batch);
        return total;
    }

    /// <summary>The owed article a batch of one would build next, articles in <paramref name="skip"/> left out.</summary>
    private static async Task<Guid?> NextOwedAsync(NpgsqlConnection connection, IReadOnlyCollection<Guid> skip, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(skip);
        await using var command = new NpgsqlCommand("""
            SELECT id FROM articles WHERE current_version_id IS DISTINCT FROM indexed_version_id AND id <> ALL ($1) ORDER BY id LIMIT 1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = skip.ToArray() });
        return (Guid?)await command.ExecuteScalarAsync(ct);
    }

    /// <summary>How many articles are owed to the search index now.</summary>
    public static async Task<long> OwedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM articles WHERE current_version_id IS DISTINCT FROM indexed_version_id", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
