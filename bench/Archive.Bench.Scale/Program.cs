using System.Diagnostics;
using System.Globalization;
using Archive.Api.Database;
using Archive.Bench.Scale;
using Npgsql;

// Lineage scale benchmark: synthetic corpora of growing size in the real schema; candidate-lookup latency and
// lineage-key ingest throughput at each size. Usage (see bench/scale.sh):
//   Archive.Bench.Scale [--sizes 10000,100000,1000000] [--probes 2000] [--batch 2000] [--budget-minutes 25]
//                       [--stop-threshold 1000] [--seed 42] [--data-dir /tmp/archive-scale-pg/data]
// Uses ConnectionStrings__Archive (creating and finally dropping a database archive_scale_bench there) when set,
// otherwise a private embedded cluster in --data-dir, tuned for the load and stopped at the end.
var options = Options.Parse(args);
var clock = Stopwatch.StartNew();
var budget = TimeSpan.FromMinutes(options.BudgetMinutes);
var results = new List<StageResult>();
EmbeddedPostgres? embedded = null;
string? adminConnection = null;
string connectionString;
var notes = new List<string>();

var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Archive");
if (!string.IsNullOrWhiteSpace(configured))
{
    adminConnection = configured;
    await using (var admin = await Database.OpenAsync(configured))
    {
        await Database.ExecAsync(admin, "DROP DATABASE IF EXISTS archive_scale_bench");
        await Database.ExecAsync(admin, "CREATE DATABASE archive_scale_bench");
    }
    connectionString = new NpgsqlConnectionStringBuilder(configured) { Database = "archive_scale_bench" }.ConnectionString;
    notes.Add("server: ConnectionStrings__Archive (database archive_scale_bench), server settings as found");
}
else
{
    embedded = new EmbeddedPostgres(options.DataDirectory);
    await embedded.EnsureStartedAsync();
    // Server tuning for a bulk load on this box (23 GB RAM): a large buffer cache and no checkpoints mid-load.
    await using (var admin = await Database.OpenAsync(embedded.ConnectionString("postgres")))
    {
        foreach (var setting in new[]
        {
            "shared_buffers = '4GB'", "max_wal_size = '32GB'", "checkpoint_timeout = '30min'", "effective_cache_size = '16GB'",
            "max_parallel_maintenance_workers = 2", "wal_compression = on",
        })
        {
            await Database.ExecAsync(admin, $"ALTER SYSTEM SET {setting}");
        }
    }
    await embedded.StopAsync();
    NpgsqlConnection.ClearAllPools(); // the pooled admin connection died with the restart
    await embedded.EnsureStartedAsync();
    await embedded.EnsureDatabaseAsync("archive_scale");
    connectionString = embedded.ConnectionString("archive_scale") + ";Command Timeout=0";
    notes.Add("server: embedded PostgreSQL " + options.DataDirectory +
        " with shared_buffers=4GB, max_wal_size=32GB, checkpoint_timeout=30min, effective_cache_size=16GB, max_parallel_maintenance_workers=2, wal_compression=on (fsync and synchronous_commit left on for the measured work)");
}

try
{
    await Database.MigrateAsync(connectionString);
    await using var connection = await Database.OpenAsync(connectionString);
    Console.WriteLine($"PostgreSQL {await Database.ScalarAsync<string>(connection, "SHOW server_version")}; {Environment.ProcessorCount} cores; migrated with ArchiveDbContext");
    var corpus = new Corpus(options.Seed);
    long loaded = 0;
    long keyRows = 0;
    var sizes = new Queue<long>(options.Sizes);
    while (sizes.TryDequeue(out var target))
    {
        var remaining = budget - clock.Elapsed;
        if (results.Count > 0)
        {
            // Stage time is dominated by generating + copying new articles and rebuilding indexes over the whole table,
            // both about linear in the corpus size: scale the last stage's time, with 20% slack.
            var last = results[^1];
            var perArticle = last.StageSeconds / last.Size * 1.2;
            var predicted = TimeSpan.FromSeconds(perArticle * target);
            if (predicted > remaining)
            {
                var fits = (long)(remaining.TotalSeconds / perArticle) / 100_000 * 100_000;
                Console.WriteLine($"[budget] {target:N0} would take ~{predicted.TotalMinutes:F1} min (estimate), {remaining.TotalMinutes:F1} min left");
                notes.Add($"{target:N0} not run: predicted {predicted.TotalMinutes:F1} min > {remaining.TotalMinutes:F1} min left of the {options.BudgetMinutes} min budget");
                if (fits >= last.Size * 2)
                {
                    Console.WriteLine($"[budget] running {fits:N0} instead");
                    notes.Add($"{fits:N0} run instead of {target:N0}");
                    sizes = new Queue<long>([fits]);
                }
                continue;
            }
        }
        var result = await RunStageAsync(connection, corpus, loaded, target, keyRows, options, last: sizes.Count == 0);
        results.Add(result);
        loaded = target;
        keyRows = result.KeyRows;
        Report.Stage(result);
    }
    Report.Table(results, options, notes);
}
finally
{
    if (embedded is not null)
    {
        await embedded.StopAsync();
    }
    else if (adminConnection is not null)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = await Database.OpenAsync(adminConnection);
        await Database.ExecAsync(admin, "DROP DATABASE IF EXISTS archive_scale_bench");
    }
}
Console.WriteLine($"total {clock.Elapsed.TotalMinutes:F1} min");

static async Task<StageResult> RunStageAsync(NpgsqlConnection connection, Corpus corpus, long loaded, long target, long keyRowsBefore,
    Options options, bool last)
{
    var stage = Stopwatch.StartNew();
    var batch = (int)Math.Min(options.Batch, target / 5);
    var bulkTo = target - batch;
    Console.WriteLine();
    Console.WriteLine($"== {target:N0} articles: bulk load {loaded:N0}..{bulkTo:N0}, then {batch:N0} through the service's per-article path");

    // Bulk load: without the fingerprint_keys indexes (rebuilt after), FK triggers off for this session (every article
    // row is copied first), no synchronous commit for this session.
    await Database.ExecAsync(connection, "SET synchronous_commit = off");
    await Database.ExecAsync(connection, "SET session_replication_role = replica");
    await Database.ExecAsync(connection, "SET maintenance_work_mem = '2GB'");
    await Database.ExecAsync(connection, "ALTER TABLE fingerprint_keys DROP CONSTRAINT pk_fingerprint_keys");
    await Database.ExecAsync(connection, "DROP INDEX ix_fingerprint_keys_article_id");
    var watch = Stopwatch.StartNew();
    await Database.CopyArticlesAsync(connection, corpus, loaded, target);
    var copiedRows = await Database.CopyKeysAsync(connection, corpus, loaded, bulkTo);
    var loadSeconds = watch.Elapsed.TotalSeconds;
    Console.WriteLine($"  generated, fingerprinted and copied {bulkTo - loaded:N0} articles / {copiedRows:N0} key rows in {loadSeconds:F1} s");
    watch.Restart();
    await Database.ExecAsync(connection, "ALTER TABLE fingerprint_keys ADD CONSTRAINT pk_fingerprint_keys PRIMARY KEY (key, article_id)");
    await Database.ExecAsync(connection, "CREATE INDEX ix_fingerprint_keys_article_id ON fingerprint_keys (article_id)");
    var indexSeconds = watch.Elapsed.TotalSeconds;
    watch.Restart();
    await Database.ExecAsync(connection, "VACUUM (ANALYZE) fingerprint_keys");
    await Database.ExecAsync(connection, "VACUUM (ANALYZE) articles");
    var vacuumSeconds = watch.Elapsed.TotalSeconds;
    Console.WriteLine($"  indexes rebuilt in {indexSeconds:F1} s, VACUUM ANALYZE in {vacuumSeconds:F1} s");
    await Database.ExecAsync(connection, "RESET session_replication_role");
    await Database.ExecAsync(connection, "RESET synchronous_commit");
    await Database.ExecAsync(connection, "RESET maintenance_work_mem");

    // Ingest throughput: the remaining articles one at a time, as LineageService does (fingerprint, own transaction,
    // advisory lock, delete keys, insert keys, candidate query, commit). Text generation is outside the timing.
    var texts = new string[batch];
    Parallel.For(0, batch, b => texts[b] = corpus.Text(bulkTo + b));
    double fingerprintSeconds = 0, dbSeconds = 0;
    long ingestedRows = 0, ingestCandidates = 0;
    var ingestLatencies = new List<double>(batch);
    watch.Restart();
    for (var b = 0; b < batch; b++)
    {
        var one = Stopwatch.StartNew();
        var keys = Database.Keys(texts[b]);
        fingerprintSeconds += one.Elapsed.TotalSeconds;
        var (candidates, seconds) = await Database.IngestAsync(connection, corpus.IdOf(bulkTo + b), keys);
        dbSeconds += seconds;
        ingestLatencies.Add(one.Elapsed.TotalMilliseconds);
        ingestedRows += keys.Length;
        ingestCandidates += candidates;
    }
    var ingestSeconds = watch.Elapsed.TotalSeconds;
    var keyRows = keyRowsBefore + copiedRows + ingestedRows;
    Console.WriteLine($"  ingested {batch:N0} in {ingestSeconds:F1} s: {batch / ingestSeconds:F0} articles/s (fingerprint {fingerprintSeconds:F1} s, database {dbSeconds:F1} s)");

    // Candidate lookups: half near-duplicates of random corpus articles, half new texts, none of them stored.
    var probes = Probes(corpus, target, options.Probes, options.Seed);
    foreach (var probe in Probes(corpus, target, 100, options.Seed + 1))
    {
        await Database.CandidatesAsync(connection, null, probe.Keys, Guid.NewGuid()); // warm-up, not measured
    }
    var plain = await LookupsAsync(connection, probes, null);
    Console.WriteLine($"  lookups: p50 {plain.P50:F2} ms, p99 {plain.P99:F2} ms, max {plain.Max:F2} ms; candidates mean {plain.MeanCandidates:F1}, max {plain.MaxCandidates}");

    // Key frequencies, and the same lookups with a stop-list of keys held by more than K articles removed from the probe.
    watch.Restart();
    var common = new Dictionary<long, long>();
    await using (var command = new NpgsqlCommand("SELECT key, count(*) FROM fingerprint_keys GROUP BY key HAVING count(*) > 100", connection) { CommandTimeout = 0 })
    await using (var reader = await command.ExecuteReaderAsync())
    {
        while (await reader.ReadAsync())
        {
            common[reader.GetInt64(0)] = reader.GetInt64(1);
        }
    }
    var frequencySeconds = watch.Elapsed.TotalSeconds;
    var stopList = common.Where(c => c.Value > options.StopThreshold).Select(c => c.Key).ToHashSet();
    var stopped = await LookupsAsync(connection, probes, stopList);
    Console.WriteLine($"  keys held by >100 articles: {common.Count:N0}, by >{options.StopThreshold}: {stopList.Count:N0}, most: {(common.Count == 0 ? 0 : common.Values.Max()):N0} ({frequencySeconds:F1} s to count)");
    Console.WriteLine($"  lookups without those {stopList.Count:N0} keys: p50 {stopped.P50:F2} ms, p99 {stopped.P99:F2} ms, max {stopped.Max:F2} ms; candidates mean {stopped.MeanCandidates:F1}");

    var tableBytes = await Database.ScalarAsync<long>(connection, "SELECT pg_relation_size('fingerprint_keys')");
    var indexBytes = await Database.ScalarAsync<long>(connection, "SELECT pg_indexes_size('fingerprint_keys')");
    var pkBytes = await Database.ScalarAsync<long>(connection, "SELECT pg_relation_size('pk_fingerprint_keys')");

    string? plan = null;
    if (last)
    {
        var probe = probes.First(p => p.Source is not null);
        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + Database.CandidateSql, connection)
        {
            Parameters =
            {
                new("keys", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint) { Value = probe.Keys },
                new("article_id", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = Guid.NewGuid() },
                new("min_shared", Archive.Engine.Lineage.Fingerprint.CandidateMinSharedKeys),
                new("key_limit", Database.CommonKeyLimit),
            },
        };
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }
        plan = string.Join('\n', lines);
    }

    ingestLatencies.Sort();
    return new StageResult(target, keyRows, tableBytes, indexBytes, pkBytes, loadSeconds, bulkTo - loaded, indexSeconds, vacuumSeconds,
        batch, ingestSeconds, fingerprintSeconds, dbSeconds, Percentile(ingestLatencies, 0.99), (double)ingestCandidates / batch,
        plain, stopped, common.Count, stopList.Count, common.Count == 0 ? 0 : common.Values.Max(), stage.Elapsed.TotalSeconds, plan);
}

static List<Probe> Probes(Corpus corpus, long size, int count, ulong seed)
{
    var probes = new Probe[count];
    Parallel.For(0, count, p =>
    {
        if (p % 2 == 0)
        {
            var target = (long)(Corpus.Mix(seed ^ Corpus.Mix((ulong)p + 17)) % (ulong)size);
            probes[p] = new Probe(Database.Keys(corpus.NearDuplicateOf(target, p + (int)(seed % 1000) * 100_000)), corpus.IdOf(target));
        }
        else
        {
            probes[p] = new Probe(Database.Keys(corpus.NewText(p + (int)(seed % 1000) * 100_000)), null);
        }
    });
    return [.. probes];
}

static async Task<LookupStats> LookupsAsync(NpgsqlConnection connection, List<Probe> probes, HashSet<long>? stopList)
{
    var latencies = new List<double>(probes.Count);
    long candidates = 0;
    var maxCandidates = 0;
    int duplicates = 0, found = 0;
    foreach (var probe in probes)
    {
        var watch = Stopwatch.StartNew();
        var keys = stopList is null ? probe.Keys : [.. probe.Keys.Where(k => !stopList.Contains(k))];
        var result = await Database.CandidatesAsync(connection, null, keys, Guid.NewGuid());
        latencies.Add(watch.Elapsed.TotalMilliseconds);
        candidates += result.Count;
        maxCandidates = Math.Max(maxCandidates, result.Count);
        if (probe.Source is { } source)
        {
            duplicates++;
            found += result.Contains(source) ? 1 : 0;
        }
    }
    latencies.Sort();
    return new LookupStats(Percentile(latencies, 0.5), Percentile(latencies, 0.99), latencies[^1], (double)candidates / probes.Count,
        maxCandidates, duplicates == 0 ? 0 : (double)found / duplicates);
}

static double Percentile(List<double> sorted, double q) =>
    sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

internal sealed record Probe(long[] Keys, Guid? Source);

internal sealed record LookupStats(double P50, double P99, double Max, double MeanCandidates, int MaxCandidates, double DuplicateRecall);

internal sealed record StageResult(long Size, long KeyRows, long TableBytes, long IndexBytes, long PkBytes, double LoadSeconds, long LoadedArticles,
    double IndexSeconds, double VacuumSeconds, int Batch, double IngestSeconds, double FingerprintSeconds, double DbSeconds, double IngestP99Ms,
    double IngestMeanCandidates, LookupStats Lookup, LookupStats StopListed, int KeysOver100, int StopKeys, long MostCommonKey,
    double StageSeconds, string? Plan);

internal sealed record Options(long[] Sizes, int Probes, int Batch, double BudgetMinutes, long StopThreshold, ulong Seed, string DataDirectory)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }
        var inv = CultureInfo.InvariantCulture;
        return new Options(
            [.. Get("--sizes", "10000,100000,1000000").Split(',').Select(s => long.Parse(s, inv))],
            int.Parse(Get("--probes", "2000"), inv),
            int.Parse(Get("--batch", "2000"), inv),
            double.Parse(Get("--budget-minutes", "25"), inv),
            long.Parse(Get("--stop-threshold", "1000"), inv),
            ulong.Parse(Get("--seed", "42"), inv),
            Get("--data-dir", "/tmp/archive-scale-pg/data"));
    }
}
