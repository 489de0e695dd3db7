using System.Diagnostics;
using System.Globalization;
using Archive.Api.Database;
using Archive.Api.Log;
using Archive.Data;
using Archive.Data.Entities;
using Archive.Transparency.Entries;
using Archive.Transparency.Merkle;
using Archive.Transparency.Notes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

// Transparency-log benchmark: grows a log to each size through the service's own write path (owed entries integrated by
// LogStore.IntegrateAsync, tiles and signed checkpoints included), then times what GET /api/log/proofs/* runs: the latest
// checkpoint read plus an RFC 9162 proof built from the stored tiles. Figures are printed, not asserted.
//   Archive.Bench.Log [--sizes 10000,100000,1000000] [--probes 2000] [--batch 10000] [--data-dir DIR]
// Uses ConnectionStrings__Archive (a throw-away database archive_log_bench there) when set, else an embedded cluster in DIR.
var sizes = Arg("--sizes", "10000,100000,1000000").Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var probes = int.Parse(Arg("--probes", "2000"), CultureInfo.InvariantCulture);
var batch = int.Parse(Arg("--batch", "10000"), CultureInfo.InvariantCulture);
var dataDirectory = Arg("--data-dir", Path.Combine(Path.GetTempPath(), "archive-log-bench-pg"));

EmbeddedPostgres? embedded = null;
string connectionString;
var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Archive");
if (!string.IsNullOrWhiteSpace(configured))
{
    await ExecAsync(configured, "DROP DATABASE IF EXISTS archive_log_bench WITH (FORCE)");
    await ExecAsync(configured, "CREATE DATABASE archive_log_bench");
    connectionString = new NpgsqlConnectionStringBuilder(configured) { Database = "archive_log_bench" }.ConnectionString;
    Console.WriteLine("server: ConnectionStrings__Archive, database archive_log_bench (dropped at the end), settings as found");
}
else
{
    embedded = new EmbeddedPostgres(dataDirectory);
    await embedded.EnsureStartedAsync();
    await embedded.EnsureDatabaseAsync("archive_log");
    connectionString = embedded.ConnectionString("archive_log");
    Console.WriteLine($"server: embedded PostgreSQL in {dataDirectory}, default settings");
}
connectionString = ArchiveDataExtensions.WithStatementPreparation(connectionString + ";Command Timeout=0");
var options = new DbContextOptionsBuilder<ArchiveDbContext>();
options.ConfigureArchiveDb(connectionString);
await using (var db = new ArchiveDbContext(options.Options))
{
    await db.Database.MigrateAsync();
}

try
{
    var signer = new NoteSigner(NoteKeys.GenerateSignerKey("bench.localhost/log"));
    // The service's singletons: the latest checkpoint known in memory and the tile cache, at their default size.
    var state = new LogState();
    var logOptions = new LogOptions();
    var cache = new TileCache(Microsoft.Extensions.Options.Options.Create(logOptions));
    Console.WriteLine($"tile cache: {logOptions.TileCacheTiles} level-0 tiles (the service's default)");
    Console.WriteLine($"machine: {Environment.ProcessorCount} cores; probes per size: {probes}; integration passes of up to {batch} entries");
    Console.WriteLine($"{"entries",10} {"load entries/s",15} {"inclusion p50",14} {"p99",8} {"max",8} {"consistency p50",16} {"p99",8} {"max",8}  proof hashes (incl/cons, mean)");
    long size = 0;
    var random = new Random(12);
    foreach (var target in sizes)
    {
        var load = Stopwatch.StartNew();
        while (size < target)
        {
            var count = (int)Math.Min(batch, target - size);
            await OweAsync(connectionString, count, random);
            await using var db = new ArchiveDbContext(options.Options);
            var result = await new LogStore(db).IntegrateAsync(signer, batch, DateTimeOffset.UtcNow, CancellationToken.None);
            state.Observe(result.Checkpoint);
            size = result.TreeSize;
        }
        var loadRate = (target - (target == sizes[0] ? 0 : sizes[Array.IndexOf(sizes, target) - 1])) / load.Elapsed.TotalSeconds;
        foreach (var table in new[] { "log_entries", "log_tiles", "log_checkpoints" })
        {
            await ExecAsync(connectionString, $"VACUUM ANALYZE {table}");
        }
        var (inclusion, inclusionHashes) = await TimeAsync(options.Options, state, cache, probes, random, signer, inclusion: true);
        var (consistency, consistencyHashes) = await TimeAsync(options.Options, state, cache, probes, random, signer, inclusion: false);
        Console.WriteLine($"{size,10:N0} {loadRate,15:N0} {Ms(inclusion, 0.50),14} {Ms(inclusion, 0.99),8} {Ms(inclusion, 1),8} " +
            $"{Ms(consistency, 0.50),16} {Ms(consistency, 0.99),8} {Ms(consistency, 1),8}  {inclusionHashes:F1}/{consistencyHashes:F1}");
    }
    await using var sizesConnection = new NpgsqlConnection(connectionString);
    await sizesConnection.OpenAsync();
    await using var command = new NpgsqlCommand("""
        SELECT string_agg(format('%s %s', c, pg_size_pretty(pg_total_relation_size(c::regclass))), ', ')
        FROM unnest(array['log_entries', 'log_tiles', 'log_checkpoints']) AS c
        """, sizesConnection);
    Console.WriteLine($"storage: {await command.ExecuteScalarAsync()}");
}
finally
{
    NpgsqlConnection.ClearAllPools();
    if (embedded is not null)
    {
        await embedded.StopAsync();
    }
    else
    {
        await ExecAsync(configured!, "DROP DATABASE IF EXISTS archive_log_bench WITH (FORCE)");
    }
}

// What one request of GET /api/log/proofs/{inclusion,consistency} does: take the latest checkpoint, build the proof from
// the tiles it needs (cached, or read in one query), in a fresh DbContext. Every proof is also verified, untimed.
static async Task<(List<double> Millis, double MeanHashes)> TimeAsync(DbContextOptions<ArchiveDbContext> options, LogState state,
    TileCache cache, int probes, Random random, NoteSigner signer, bool inclusion)
{
    var millis = new List<double>(probes);
    long hashes = 0;
    for (var i = 0; i < probes + 50; i++)
    {
        var clock = Stopwatch.StartNew();
        await using var db = new ArchiveDbContext(options);
        var store = new LogStore(db);
        var proofs = new LogProofs(store, cache);
        var latest = (await state.AtLeastAsync(0, store, CancellationToken.None))!;
        var a = random.NextInt64(0, latest.TreeSize);
        var proof = inclusion
            ? await proofs.InclusionAsync(a, latest.TreeSize, CancellationToken.None)
            : await proofs.ConsistencyAsync(a + 1, latest.TreeSize, CancellationToken.None);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (i >= 50)
        {
            // The first 50 warm the JIT and the pools.
            millis.Add(elapsed);
            hashes += proof.Count;
        }
        if (!Checkpoint.TryOpen(latest.Note, signer.VerifierKey, out var checkpoint, out var error))
        {
            throw new InvalidOperationException(error);
        }
        var ok = inclusion
            ? ProofVerifier.VerifyInclusion(TreeHashing.LeafHash((await store.EntryAsync(a, CancellationToken.None))!.Entry), a, checkpoint.TreeSize, proof, checkpoint.RootHash)
            : ProofVerifier.VerifyConsistency(a + 1, checkpoint.TreeSize, proof, await proofs.RootAsync(a + 1, fromDatabase: true, CancellationToken.None), checkpoint.RootHash);
        if (!ok)
        {
            throw new InvalidOperationException($"{(inclusion ? "inclusion" : "consistency")} proof for {a} in {checkpoint.TreeSize} does not verify");
        }
    }
    millis.Sort();
    return (millis, (double)hashes / probes);
}

// Owed capture entries as ingestion writes them (realistic sizes: URLs, ids, hashes, times), streamed in one binary COPY.
static async Task OweAsync(string connectionString, int count, Random random)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var import = await connection.BeginBinaryImportAsync(
        "COPY log_pending (entry, kind, capture_id, article_ids, content_hash, raw_hash, queued_at) FROM STDIN (FORMAT BINARY)");
    var now = DateTimeOffset.UtcNow;
    for (var i = 0; i < count; i++)
    {
        var capture = Guid.CreateVersion7();
        var article = Guid.CreateVersion7();
        var content = Convert.ToHexStringLower(random.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 32));
        var raw = Convert.ToHexStringLower(random.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 32));
        var url = $"https://www.outlet{random.Next(5000)}.example/news/2024/{random.Next(1, 13):00}/story-{random.NextInt64():x}";
        var entry = new CaptureEntry(capture, article, Guid.CreateVersion7(), url, url, now.AddMinutes(-random.Next(100000)), "fetched",
            $"key:{Guid.CreateVersion7()}", "sha256:" + raw, "sha256:" + content, now).ToBytes();
        await import.StartRowAsync();
        await import.WriteAsync(entry, NpgsqlDbType.Bytea);
        await import.WriteAsync("capture", NpgsqlDbType.Varchar);
        await import.WriteAsync(capture, NpgsqlDbType.Uuid);
        await import.WriteAsync(new[] { article }, NpgsqlDbType.Array | NpgsqlDbType.Uuid);
        await import.WriteAsync(content, NpgsqlDbType.Char);
        await import.WriteAsync(raw, NpgsqlDbType.Char);
        await import.WriteAsync(now, NpgsqlDbType.TimestampTz);
    }
    await import.CompleteAsync();
}

static async Task ExecAsync(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
    await command.ExecuteNonQueryAsync();
}

static string Ms(List<double> sorted, double quantile) =>
    sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)].ToString("F2", CultureInfo.InvariantCulture) + " ms";

string Arg(string name, string fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}
