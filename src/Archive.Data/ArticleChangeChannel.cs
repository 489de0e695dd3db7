using Npgsql;

namespace Archive.Data;

/// <summary>
/// Article changes told to every process on the database: PostgreSQL <c>NOTIFY</c> on <see cref="Channel"/> with the
/// changed article ids as the payload, and <c>LISTEN</c> on a connection of its own (outside any pool, so that it is
/// never handed to a request) for the changes other processes announce.
/// </summary>
public sealed class ArticleChangeChannel : IAsyncDisposable
{
    /// <summary>The channel; the payload is comma-separated article ids.</summary>
    public const string Channel = "archive_article_changed";

    // NOTIFY payloads are capped at 8000 bytes: 200 ids (37 bytes each with the comma) stay well under.
    private const int IdsPerNotice = 200;

    private readonly NpgsqlDataSource _source;
    private readonly string _listenConnectionString;

    public ArticleChangeChannel(ArchiveConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // Its pool only ever runs pg_notify, which leaves nothing on the session: no DISCARD ALL before each notice.
        _source = NpgsqlDataSource.Create(ArchiveDataExtensions.WithoutSessionReset(connection.ConnectionString));
        _listenConnectionString = new NpgsqlConnectionStringBuilder(connection.ConnectionString)
        {
            Pooling = false,
            ApplicationName = "archive-cache-listener",
            // A dead server is noticed while waiting, not only at the next notice.
            KeepAlive = 15,
        }.ConnectionString;
    }

    /// <summary>Announces the articles as changed (in chunks that fit a notice's payload).</summary>
    public async Task NotifyAsync(IReadOnlyCollection<Guid> articleIds, CancellationToken ct)
    {
        await using var batch = _source.CreateBatch();
        foreach (var notice in Notices(articleIds))
        {
            batch.BatchCommands.Add(notice);
        }
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// The statements that announce the articles, for a batch of a transaction that changes them: PostgreSQL delivers a
    /// transaction's notices at its commit, and drops them when it rolls back (the log pass tells the articles it logs).
    /// </summary>
    internal static IEnumerable<NpgsqlBatchCommand> Notices(IReadOnlyCollection<Guid> articleIds)
    {
        ArgumentNullException.ThrowIfNull(articleIds);
        foreach (var chunk in articleIds.Chunk(IdsPerNotice))
        {
            yield return new NpgsqlBatchCommand("SELECT pg_notify($1, $2)")
            {
                Parameters = { new NpgsqlParameter { Value = Channel }, new NpgsqlParameter { Value = string.Join(',', chunk) } },
            };
        }
    }

    /// <summary>
    /// Opens a listening session, calls <paramref name="listening"/> once the <c>LISTEN</c> is in place, then hands each
    /// announced set of ids to <paramref name="changed"/> (in order, on the session's thread) until cancelled or until
    /// the connection fails, which throws: the caller decides how to reconnect, and that notices sent meanwhile are lost.
    /// </summary>
    public async Task ListenAsync(Action<IReadOnlyList<Guid>> changed, Func<CancellationToken, Task> listening, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentNullException.ThrowIfNull(listening);
        await using var listener = new NpgsqlConnection(_listenConnectionString);
        await listener.OpenAsync(ct);
        listener.Notification += (_, e) => changed(Parse(e.Payload));
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", listener))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }
        await listening(ct);
        while (true)
        {
            await listener.WaitAsync(ct);
        }
    }

    /// <summary>The ids of a payload; anything that is not an id is ignored.</summary>
    public static IReadOnlyList<Guid> Parse(string payload) =>
        [.. (payload ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => Guid.TryParse(s, out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty)];

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
