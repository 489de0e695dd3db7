using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Archive.Bench.Reader;

/// <summary>Times the running service: article pages of a large family, and search at the seeded size.</summary>
internal static class Measure
{
    public static async Task<int> RunAsync(Uri baseUrl, string key, string queriesFile, int familySize, int requests, string? connection)
    {
        using var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var watch = Stopwatch.StartNew();
        var archived = await Family.ArchivedAsync(client, familySize);
        var members = archived ?? await Family.UploadAsync(client, familySize);
        var tree = await client.GetFromJsonAsync<JsonElement>($"/api/articles/{members[0]}/lineage");
        Console.WriteLine($"family: {members.Count} {(archived is null ? "uploaded" : "archived already, not uploaded again; found")} in " +
            $"{watch.Elapsed.TotalSeconds:F0} s; lineage tree of the origin has {tree.GetProperty("members").GetInt32()} members");
        if (connection is not null && archived is null)
        {
            // Each upload re-resolves the family and rewrites its links, leaving ~n²/2 dead row versions that the index scans
            // of every page would wade through until autovacuum, which lags on a loaded machine, gets to them. Pages are
            // measured as they are once it has.
            await using var db = new Npgsql.NpgsqlConnection(connection);
            await db.OpenAsync();
            await using var vacuum = new Npgsql.NpgsqlCommand(
                "VACUUM (ANALYZE) lineage_links, articles, article_versions, captures, log_entries, log_tiles", db);
            await vacuum.ExecuteNonQueryAsync();
            Console.WriteLine("vacuumed the family's tables, as autovacuum would");
        }

        var random = new Random(3);
        var pages = Enumerable.Range(0, requests).Select(_ => $"/articles/{members[random.Next(members.Count)]}").ToList();
        var article = await TimeAsync(client, pages, warmUp: 30);
        Report($"article page, {members.Count}-member family ({requests} requests, random members)", article,
            $"{article.Bytes / requests / 1024.0:F0} KiB a page");

        var queries = await File.ReadAllLinesAsync(queriesFile);
        var searches = queries.Select(q => "/api/search?" + q).ToList();
        var search = await TimeAsync(client, [.. searches, .. searches], warmUp: 40);
        Report($"GET /api/search ({searches.Count} queries x 2)", search, "");
        Slowest(search, 5);
        Report("/search page (first 200 queries)", await TimeAsync(client, [.. queries.Take(200).Select(q => "/search?" + q)], warmUp: 10), "");
        return 0;
    }

    /// <summary>Client latency of each request (loopback HTTP included) and the service's own figures from its Server-Timing
    /// header: <c>total</c> from the handler's start to the response's last byte, and each named phase.</summary>
    private sealed record Timings(List<double> Client, List<double> Server, Dictionary<string, List<double>> Phases, List<string> Paths, long Bytes);

    private static async Task<Timings> TimeAsync(HttpClient client, List<string> paths, int warmUp)
    {
        foreach (var path in paths.Take(warmUp))
        {
            (await client.GetAsync(path)).EnsureSuccessStatusCode();
        }
        var times = new List<double>(paths.Count);
        var server = new List<double>(paths.Count);
        var phases = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        long bytes = 0;
        foreach (var path in paths)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsByteArrayAsync();
            watch.Stop();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
            }
            bytes += body.Length;
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (response.Headers.TryGetValues("Server-Timing", out var values))
            {
                foreach (var metric in values.SelectMany(v => v.Split(',')))
                {
                    var parts = metric.Split(';', StringSplitOptions.TrimEntries);
                    var duration = parts.Skip(1).FirstOrDefault(p => p.StartsWith("dur=", StringComparison.Ordinal));
                    if (duration is null || !double.TryParse(duration[4..], CultureInfo.InvariantCulture, out var ms))
                    {
                        continue;
                    }
                    if (parts[0] == "total")
                    {
                        server.Add(ms);
                    }
                    else
                    {
                        (phases.TryGetValue(parts[0], out var list) ? list : phases[parts[0]] = []).Add(ms);
                    }
                }
            }
        }
        return new Timings(times, server, phases, paths, bytes);
    }

    private static string Percentiles(List<double> times)
    {
        var sorted = times.Order().ToList();
        double At(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"p50 {At(0.50):F1} ms, p90 {At(0.90):F1} ms, p99 {At(0.99):F1} ms, max {sorted[^1]:F1} ms");
    }

    private static void Report(string what, Timings timings, string note)
    {
        Console.WriteLine($"{what}:");
        Console.WriteLine($"  server (Server-Timing total): {(timings.Server.Count == timings.Client.Count ? Percentiles(timings.Server) : "not sent")}");
        Console.WriteLine($"  client (loopback HTTP): {Percentiles(timings.Client)} {note}");
        foreach (var (phase, times) in timings.Phases.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"    {phase}: {Percentiles(times)}");
        }
    }

    /// <summary>The slowest requests by server time, to see which kind of query is costly.</summary>
    private static void Slowest(Timings timings, int count)
    {
        if (timings.Server.Count != timings.Paths.Count)
        {
            return;
        }
        foreach (var (ms, path) in timings.Server.Zip(timings.Paths).OrderByDescending(t => t.First).Take(count))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    slowest: {ms:F1} ms {path}"));
        }
    }
}
