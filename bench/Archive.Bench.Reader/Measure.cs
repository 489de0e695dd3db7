using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Archive.Bench.Reader;

/// <summary>Times the running service: article pages of a large family, and search at the seeded size.</summary>
internal static class Measure
{
    public static async Task<int> RunAsync(Uri baseUrl, string key, string queriesFile, int familySize, int requests)
    {
        using var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var watch = Stopwatch.StartNew();
        var members = await Family.UploadAsync(client, familySize);
        var tree = await client.GetFromJsonAsync<JsonElement>($"/api/articles/{members[0]}/lineage");
        Console.WriteLine($"family: {members.Count} uploaded in {watch.Elapsed.TotalSeconds:F0} s; lineage tree of the origin has " +
            $"{tree.GetProperty("members").GetInt32()} members");

        var random = new Random(3);
        var pages = Enumerable.Range(0, requests).Select(_ => $"/articles/{members[random.Next(members.Count)]}").ToList();
        var (articleTimes, articleBytes) = await TimeAsync(client, pages, warmUp: 30);
        Report($"article page, {members.Count}-member family ({requests} requests, random members)", articleTimes,
            $"{articleBytes / requests / 1024.0:F0} KiB a page");

        var queries = await File.ReadAllLinesAsync(queriesFile);
        var searches = queries.Select(q => "/api/search?" + q).ToList();
        var (searchTimes, _) = await TimeAsync(client, [.. searches, .. searches], warmUp: 40);
        Report($"GET /api/search ({searches.Count} queries x 2)", searchTimes, "");
        var (pageTimes, _) = await TimeAsync(client, [.. queries.Take(200).Select(q => "/search?" + q)], warmUp: 10);
        Report("/search page (first 200 queries)", pageTimes, "");
        return 0;
    }

    private static async Task<(List<double> Times, long Bytes)> TimeAsync(HttpClient client, List<string> paths, int warmUp)
    {
        foreach (var path in paths.Take(warmUp))
        {
            (await client.GetAsync(path)).EnsureSuccessStatusCode();
        }
        var times = new List<double>(paths.Count);
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
        }
        return (times, bytes);
    }

    private static void Report(string what, List<double> times, string note)
    {
        var sorted = times.Order().ToList();
        double At(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: p50 {At(0.50):F1} ms, p90 {At(0.90):F1} ms, p99 {At(0.99):F1} ms, max {sorted[^1]:F1} ms {note}"));
    }
}
