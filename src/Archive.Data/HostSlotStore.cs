using Npgsql;

namespace Archive.Data;

/// <summary>
/// Per-host politeness across every worker process on one database: a fetch of a host holds one of its
/// <c>PerHostConcurrency</c> slot locks for as long as it runs, and its start holds the host's start token for
/// <c>MinDelay</c>, so starts of one host are at least that far apart whichever process makes them. Both are session
/// advisory locks on connections of their own, outside any pool, so they are leased like jobs but cannot outlive their
/// holder: a worker that dies (or loses the database) closes its sessions, and PostgreSQL releases their locks at once.
/// </summary>
public sealed class HostSlotStore : IAsyncDisposable
{
    private readonly NpgsqlDataSource _source;

    public HostSlotStore(ArchiveConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // Unpooled: closing the connection ends the session, and with it every lock it holds.
        _source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connection.ConnectionString)
        {
            Pooling = false,
            ApplicationName = "archive-host-slots",
        }.ConnectionString);
    }

    /// <summary>The lock keys of a host's concurrency slots.</summary>
    public static long Slot(string host, int slot) => LockKeys.Of("host-slot", $"{host}#{slot}");

    /// <summary>The lock key of a host's start token.</summary>
    public static long StartToken(string host) => LockKeys.Of("host-start", host);

    /// <summary>
    /// Waits (polling every <paramref name="poll"/>) until a slot of <paramref name="host"/> is free and its start token is
    /// too, takes both, and returns the lease: the token is freed <paramref name="minDelay"/> after the start, the slot when
    /// the lease is disposed.
    /// </summary>
    public async Task<HostSlotLease> AcquireAsync(string host, int slots, TimeSpan minDelay, TimeSpan poll, TimeProvider time,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(time);
        var slotConnection = await _source.OpenConnectionAsync(ct);
        NpgsqlConnection? tokenConnection = null;
        try
        {
            tokenConnection = await _source.OpenConnectionAsync(ct);
            long[] keys = [.. Enumerable.Range(0, Math.Max(1, slots)).Select(s => Slot(host, s))];
            var token = StartToken(host);
            while (true)
            {
                foreach (var key in keys)
                {
                    if (!await TryLockAsync(slotConnection, key, ct))
                    {
                        continue;
                    }
                    if (await TryLockAsync(tokenConnection, token, ct))
                    {
                        var lease = new HostSlotLease(slotConnection, tokenConnection, minDelay, time);
                        slotConnection = null;
                        tokenConnection = null;
                        return lease;
                    }
                    await UnlockAsync(slotConnection, key, ct);
                    break;
                }
                await Task.Delay(poll, time, ct);
            }
        }
        finally
        {
            if (slotConnection is not null)
            {
                await slotConnection.DisposeAsync();
            }
            if (tokenConnection is not null)
            {
                await tokenConnection.DisposeAsync();
            }
        }
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, long key, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection) { Parameters = { new() { Value = key } } };
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task UnlockAsync(NpgsqlConnection connection, long key, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection) { Parameters = { new() { Value = key } } };
        await command.ExecuteScalarAsync(ct);
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}

/// <summary>
/// A held host slot and start token, each freed by closing its session: the token <c>MinDelay</c> after the start (while
/// the fetch may still run), the slot when the lease is disposed.
/// </summary>
public sealed class HostSlotLease : IDisposable
{
    private readonly NpgsqlConnection _slot;
    private int _disposed;

    internal HostSlotLease(NpgsqlConnection slot, NpgsqlConnection token, TimeSpan minDelay, TimeProvider time)
    {
        _slot = slot;
        _ = Task.Delay(minDelay > TimeSpan.Zero ? minDelay : TimeSpan.Zero, time).ContinueWith(_ => token.Dispose(), TaskScheduler.Default);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _slot.Dispose();
        }
    }
}
