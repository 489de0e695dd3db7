using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Archive.Data.Replicas;

/// <summary>
/// A streaming replica of the primary (<c>ConnectionStrings:ArchiveRead</c>) and what is known of it: how far it has replayed
/// the primary's WAL and how far behind it is. Reads go to it only while it answers and is within
/// <see cref="ReadReplicaOptions.MaxLag"/>; otherwise, and whenever opening a connection to it fails, they go to the primary.
/// </summary>
public sealed partial class ReadReplica : IAsyncDisposable
{
    private readonly NpgsqlDataSource primary;
    private readonly NpgsqlDataSource replica;
    private readonly ReadReplicaOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly PooledDbContextFactory<ArchiveDbContext> contexts;
    private readonly Queue<(DateTimeOffset At, NpgsqlLogSequenceNumber Lsn)> unreplayed = new();
    private readonly Lock gate = new();
    private State state = new(false, default, DateTimeOffset.MinValue, TimeSpan.Zero);

    public ReadReplica(string primaryConnectionString, string replicaConnectionString, ReadReplicaOptions options, TimeProvider time,
        ILogger<ReadReplica> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.time = time;
        this.logger = logger;
        PrimaryConnectionString = ArchiveDataExtensions.WithStatementPreparation(primaryConnectionString);
        ReplicaConnectionString = ArchiveDataExtensions.WithStatementPreparation(WithConnectTimeout(replicaConnectionString));
        primary = NpgsqlDataSource.Create(primaryConnectionString);
        replica = NpgsqlDataSource.Create(WithConnectTimeout(replicaConnectionString));
        var builder = new DbContextOptionsBuilder<ArchiveDbContext>();
        builder.ConfigureArchiveDb(ReplicaConnectionString);
        builder.AddInterceptors(new ReplicaFallback(this));
        contexts = new PooledDbContextFactory<ArchiveDbContext>(builder.Options);
    }

    internal string PrimaryConnectionString { get; }

    internal string ReplicaConnectionString { get; }

    /// <summary>Whether reads may go to the replica now, as of the last probe.</summary>
    public bool Usable => Current(out _).Usable;

    /// <summary>The replica's replay position at the last probe.</summary>
    public NpgsqlLogSequenceNumber Replayed => state.Replayed;

    /// <summary>How far behind the primary the replica was at the last probe (zero when it had replayed all it was sent).</summary>
    public TimeSpan Lag => state.Lag;

    /// <summary>True if the replica may answer a caller whose last write ended at <paramref name="after"/> (default: none).</summary>
    public bool CanServe(NpgsqlLogSequenceNumber after) => Current(out var s).Usable && s.Replayed >= after;

    internal ArchiveDbContext CreateContext() => contexts.CreateDbContext();

    /// <summary>The primary's WAL insert position now: after a write commits, at or past its commit record.</summary>
    public async Task<NpgsqlLogSequenceNumber> PrimaryPositionAsync(CancellationToken ct)
    {
        await using var command = primary.CreateCommand("SELECT pg_current_wal_insert_lsn()");
        return (NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Reads the primary's WAL position, then the replica's replay position, and keeps the primary positions the replica
    /// has not replayed yet with the time each was seen: the oldest of them says how far behind the replica is in time, which
    /// a byte distance cannot (an idle primary writes nothing, a busy one gigabytes).
    /// </summary>
    public async Task ProbeAsync(CancellationToken ct)
    {
        NpgsqlLogSequenceNumber written;
        try
        {
            await using var command = primary.CreateCommand("SELECT pg_current_wal_lsn()");
            written = (NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync(ct))!;
        }
        catch (NpgsqlException e)
        {
            // The primary is away: reads fail there as anywhere else; the replica's standing is unknown, so leave it.
            LogPrimaryUnreachable(logger, e.Message);
            return;
        }
        object? replayed;
        try
        {
            await using var command = replica.CreateCommand("SELECT pg_last_wal_replay_lsn()");
            replayed = await command.ExecuteScalarAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            MarkDown(e.Message);
            return;
        }
        if (replayed is not NpgsqlLogSequenceNumber position)
        {
            MarkDown("it is not a standby (pg_last_wal_replay_lsn() is null)");
            return;
        }
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (unreplayed.Count == 0 || written > unreplayed.Last().Lsn)
            {
                unreplayed.Enqueue((now, written));
            }
            while (unreplayed.TryPeek(out var oldest) && oldest.Lsn <= position)
            {
                unreplayed.Dequeue();
            }
            var lag = unreplayed.TryPeek(out var behind) ? now - behind.At : TimeSpan.Zero;
            Set(new State(lag <= options.MaxLag, position, now, lag), lag > options.MaxLag ? $"it is {lag.TotalSeconds:0.0} s behind" : null);
        }
    }

    /// <summary>The replica failed: reads go to the primary until a probe finds it answering again.</summary>
    public void MarkDown(string reason)
    {
        lock (gate)
        {
            Set(state with { Usable = false, ProbedAt = time.GetUtcNow() }, reason);
        }
    }

    private void Set(State next, string? reason)
    {
        if (state.Usable && !next.Usable)
        {
            LogReplicaUnusable(logger, reason ?? "unknown");
            // Its idle pooled connections are likely dead too: drop them rather than fail one read on each.
            using var pooled = new NpgsqlConnection(ReplicaConnectionString);
            NpgsqlConnection.ClearPool(pooled);
        }
        else if (!state.Usable && next.Usable)
        {
            LogReplicaUsable(logger, next.Replayed.ToString());
        }
        state = next;
    }

    private State Current(out State current)
    {
        current = state;
        // A probe older than MaxLag says nothing about now (the monitor stopped, or the machine is starved): use the primary.
        if (time.GetUtcNow() - current.ProbedAt > options.MaxLag)
        {
            current = current with { Usable = false };
        }
        return current;
    }

    /// <summary>A replica that is down must cost a read little: a short connect timeout unless the connection string sets one.</summary>
    private static string WithConnectTimeout(string connectionString) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.ContainsKey("Timeout")
            ? connectionString
            : new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 3 }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        await primary.DisposeAsync();
        await replica.DisposeAsync();
    }

    private sealed record State(bool Usable, NpgsqlLogSequenceNumber Replayed, DateTimeOffset ProbedAt, TimeSpan Lag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Read replica not used, reads go to the primary: {Reason}")]
    private static partial void LogReplicaUnusable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Read replica in use (replayed up to {Position})")]
    private static partial void LogReplicaUsable(ILogger logger, string position);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Read replica probe could not reach the primary: {Reason}")]
    private static partial void LogPrimaryUnreachable(ILogger logger, string reason);
}
