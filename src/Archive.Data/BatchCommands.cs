using Npgsql;
using NpgsqlTypes;

namespace Archive.Data;

/// <summary>Statements of an <see cref="NpgsqlBatch"/> with positional parameters ($1, $2…), typed the one way the stores need.</summary>
internal static class BatchCommands
{
    /// <summary>A statement with <paramref name="values"/> as $1, $2…: times as timestamptz (UTC), null as NULL, an
    /// <see cref="NpgsqlParameter"/> as given (a jsonb value, say).</summary>
    public static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value switch
            {
                NpgsqlParameter parameter => parameter,
                DateTimeOffset time => new NpgsqlParameter { Value = time.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz },
                null => new NpgsqlParameter { Value = DBNull.Value },
                _ => new NpgsqlParameter { Value = value },
            });
        }
        return command;
    }

    /// <summary>
    /// <paramref name="statement"/> with a generic plan, between a statement that asks for one and one that gives the setting
    /// back (for the rest of a transaction the batch may run in). PostgreSQL keeps planning a prepared statement for each
    /// call while a custom plan looks cheaper than the generic one, and for a lookup by an id or key array it always does:
    /// the generic plan assumes ten elements, a call passes one or two. Such a lookup was planned at every upload (1-2 ms
    /// under load each, the same index scans every time; docs/performance.md). Only for statements whose best plan is the
    /// same whatever the array holds.
    /// </summary>
    /// <remarks>Adds three statements to <paramref name="batch"/>: the statement's rows are the second of their results.</remarks>
    public static void AddWithGenericPlan(this NpgsqlBatch batch, NpgsqlBatchCommand statement)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.BatchCommands.Add(new("SELECT set_config('archive.plan_cache_mode', current_setting('plan_cache_mode'), true), " +
            "set_config('plan_cache_mode', 'force_generic_plan', true)"));
        batch.BatchCommands.Add(statement);
        batch.BatchCommands.Add(new("SELECT set_config('plan_cache_mode', current_setting('archive.plan_cache_mode'), true)"));
    }

    public static NpgsqlParameter Uuid(Guid value) => new() { NpgsqlDbType = NpgsqlDbType.Uuid, Value = value };

    public static NpgsqlParameter NullableUuid(Guid? value) => new() { NpgsqlDbType = NpgsqlDbType.Uuid, Value = (object?)value ?? DBNull.Value };

    /// <summary>Fingerprint or paragraph keys: a bigint[].</summary>
    public static NpgsqlParameter Keys(long[] keys) => new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = keys };

    public static NpgsqlParameter Jsonb(string? json) =>
        new() { Value = (object?)json ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb };
}
