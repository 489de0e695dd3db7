using Npgsql;
using NpgsqlTypes;

namespace Archive.Data;

/// <summary>Statements of an <see cref="NpgsqlBatch"/> with positional parameters ($1, $2…), typed the one way the stores need.</summary>
internal static class BatchCommands
{
    /// <summary>A statement with <paramref name="values"/> as $1, $2…: times as timestamptz (UTC), an
    /// <see cref="NpgsqlParameter"/> as given (a jsonb value, a typed null).</summary>
    /// <remarks>
    /// A value that may be null is passed typed (<see cref="Text"/>, <see cref="Time"/>, <see cref="NullableUuid"/>…), never
    /// as a bare null: Npgsql prepares a statement for the types its parameters are sent as, and sends an untyped null as no
    /// type, so a statement whose values were null at one call and not at the next was prepared again — parsed, analysed and
    /// planned. The version insert, whose byline, dates and description are null on some pages, was planned at 86% of
    /// uploads that way (docs/performance.md, "pgacct25").
    /// </remarks>
    public static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.Add(values[i] switch
            {
                NpgsqlParameter parameter => parameter,
                DateTimeOffset time => new NpgsqlParameter { Value = time.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz },
                null => throw new ArgumentException($"${i + 1} is null: pass it typed, so the statement is prepared once.", nameof(values)),
                var value => new NpgsqlParameter { Value = value },
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

    /// <summary>Text that may be null, typed either way (see <see cref="Command"/>).</summary>
    public static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    /// <summary>A time that may be null, as timestamptz (UTC) either way.</summary>
    public static NpgsqlParameter Time(DateTimeOffset? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)value?.ToUniversalTime() ?? DBNull.Value };

    public static NpgsqlParameter Integer(int? value) => new() { NpgsqlDbType = NpgsqlDbType.Integer, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Bigint(long? value) => new() { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Double(double? value) => new() { NpgsqlDbType = NpgsqlDbType.Double, Value = (object?)value ?? DBNull.Value };

    /// <summary>Fingerprint or paragraph keys: a bigint[].</summary>
    public static NpgsqlParameter Keys(long[] keys) => new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = keys };

    public static NpgsqlParameter Jsonb(string? json) =>
        new() { Value = (object?)json ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb };
}
