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

    public static NpgsqlParameter Uuid(Guid value) => new() { NpgsqlDbType = NpgsqlDbType.Uuid, Value = value };

    public static NpgsqlParameter NullableUuid(Guid? value) => new() { NpgsqlDbType = NpgsqlDbType.Uuid, Value = (object?)value ?? DBNull.Value };

    /// <summary>Fingerprint or paragraph keys: a bigint[].</summary>
    public static NpgsqlParameter Keys(long[] keys) => new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = keys };

    public static NpgsqlParameter Jsonb(string? json) =>
        new() { Value = (object?)json ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb };
}
