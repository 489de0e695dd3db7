using System.Diagnostics;
using Archive.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Archive.Bench.Scale;

/// <summary>The SQL the bench runs against the real schema (migrated with the real <see cref="ArchiveDbContext"/>).</summary>
internal static class Database
{
    /// <summary>LineageService's candidate query, the same constant the service runs.</summary>
    public const string CandidateSql = FingerprintSql.Candidates;

    /// <summary>The common-key limit ($4): the service's default unless the run sets --key-limit.</summary>
    public static int CommonKeyLimit { get; set; } = FingerprintSql.DefaultCommonKeyLimit;

    public static async Task MigrateAsync(string connectionString)
    {
        var options = new DbContextOptionsBuilder<ArchiveDbContext>();
        options.ConfigureArchiveDb(connectionString);
        await using var db = new ArchiveDbContext(options.Options);
        await db.Database.MigrateAsync();
    }

    public static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    public static async Task ExecAsync(NpgsqlConnection connection, string sql, int timeoutSeconds = 0)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = timeoutSeconds };
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Minimal article rows (id, url, created_at; no version, no publisher) so the FK on fingerprint_keys holds.</summary>
    public static async Task CopyArticlesAsync(NpgsqlConnection connection, Corpus corpus, long from, long to)
    {
        var now = DateTimeOffset.UtcNow;
        await using var import = await connection.BeginBinaryImportAsync("COPY articles (id, url, created_at) FROM STDIN (FORMAT BINARY)");
        for (var i = from; i < to; i++)
        {
            await import.StartRowAsync();
            await import.WriteAsync(corpus.IdOf(i), NpgsqlDbType.Uuid);
            await import.WriteAsync($"https://publisher{corpus.PublisherOf(i)}.example/news/{i}", NpgsqlDbType.Text);
            await import.WriteAsync(now, NpgsqlDbType.TimestampTz);
        }
        await import.CompleteAsync();
    }

    /// <summary>Generates and fingerprints articles [from, to) on all cores and streams their keys in one binary COPY.
    /// Returns the number of key rows written.</summary>
    public static async Task<long> CopyKeysAsync(NpgsqlConnection connection, Corpus corpus, long from, long to)
    {
        const int Chunk = 500;
        var chunks = (to - from + Chunk - 1) / Chunk;
        var channel = System.Threading.Channels.Channel.CreateBounded<List<(Guid Id, long[] Keys)>>(64);
        var producer = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForAsync(0L, chunks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (c, ct) =>
                {
                    var batch = new List<(Guid, long[])>(Chunk);
                    for (var i = from + c * Chunk; i < Math.Min(to, from + (c + 1) * Chunk); i++)
                    {
                        batch.Add((corpus.IdOf(i), Keys(corpus.Text(i))));
                    }
                    await channel.Writer.WriteAsync(batch, ct);
                });
            }
            finally
            {
                channel.Writer.Complete();
            }
        });
        long rows = 0;
        await using (var import = await connection.BeginBinaryImportAsync("COPY fingerprint_keys (key, article_id) FROM STDIN (FORMAT BINARY)"))
        {
            await foreach (var batch in channel.Reader.ReadAllAsync())
            {
                foreach (var (id, keys) in batch)
                {
                    foreach (var key in keys)
                    {
                        await import.StartRowAsync();
                        await import.WriteAsync(key, NpgsqlDbType.Bigint);
                        await import.WriteAsync(id, NpgsqlDbType.Uuid);
                        rows++;
                    }
                }
            }
            await producer;
            await import.CompleteAsync();
        }
        return rows;
    }

    /// <summary>The keys LineageService stores for a text: Fingerprinter.Compute on the canonical text, distinct.</summary>
    public static long[] Keys(string text) =>
        [.. Archive.Engine.Lineage.Fingerprinter.Compute(Archive.Engine.Text.CanonicalText.Normalize(text)).IndexKeys.Distinct()];

    public static async Task<List<Guid>> CandidatesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long[] keys, Guid self)
    {
        await using var command = new NpgsqlCommand(CandidateSql, connection, transaction)
        {
            Parameters =
            {
                new("keys", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = keys },
                new("article_id", NpgsqlDbType.Uuid) { Value = self },
                new("min_shared", Archive.Engine.Lineage.Fingerprint.CandidateMinSharedKeys),
                new("key_limit", CommonKeyLimit),
            },
        };
        var result = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetGuid(0));
        }
        return result;
    }

    /// <summary>One article's lineage-key work as LineageService.UpdateAsync does it, minus the text comparison and family
    /// re-resolution: its own transaction, its (singleton) family's advisory lock, delete its keys, insert the new ones, the candidate query,
    /// commit. Returns (candidates, seconds spent in the database).</summary>
    public static async Task<(int Candidates, double DbSeconds)> IngestAsync(NpgsqlConnection connection, Guid id, long[] keys)
    {
        var watch = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({Archive.Data.LockKeys.Family(id)})", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }
        await using (var command = new NpgsqlCommand("DELETE FROM fingerprint_keys WHERE article_id = $1", connection, transaction)
        {
            Parameters = { new() { Value = id, NpgsqlDbType = NpgsqlDbType.Uuid } },
        })
        {
            await command.ExecuteNonQueryAsync();
        }
        await using (var command = new NpgsqlCommand(
            "INSERT INTO fingerprint_keys (key, article_id) SELECT k, $2 FROM unnest($1) AS k ON CONFLICT DO NOTHING", connection, transaction)
        {
            Parameters =
            {
                new() { Value = keys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                new() { Value = id, NpgsqlDbType = NpgsqlDbType.Uuid },
            },
        })
        {
            await command.ExecuteNonQueryAsync();
        }
        var candidates = await CandidatesAsync(connection, transaction, keys, id);
        await transaction.CommitAsync();
        return (candidates.Count, watch.Elapsed.TotalSeconds);
    }
}
