using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Archive.Api.Tests.Infrastructure;
using Npgsql;

namespace Archive.Api.Tests.Scale;

/// <summary>
/// Two API processes and one worker on one database, as docker-compose runs them: the lineage development set uploaded
/// through both APIs at once links exactly as one process links it; a read on one API sees what the other just wrote; and
/// kill -9 of one API in the middle of the uploads loses no upload it answered, while the ones it did not answer succeed
/// when sent again to the other.
/// </summary>
public sealed class MultiProcessTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        // Lineage updates a killed API owed are swept soon, not after the default minute.
        ["Lineage__SweepAfter"] = "00:00:02",
        ["Lineage__SweepInterval"] = "00:00:01",
        ["Articles__CacheDuration"] = "00:10:00",
    };

    [Fact]
    public async Task Two_apis_and_a_worker_on_one_database()
    {
        var set = LineageSet.Load();
        await using var processes = await ArchiveProcesses.CreateAsync(Settings);
        await processes.StartAsync("worker");
        var (_, urlA) = await processes.StartAsync("api");
        var (apiB, urlB) = await processes.StartAsync("api");
        using var a = ArchiveProcesses.Client(urlA);
        using var b = ArchiveProcesses.Client(urlB);

        await A_read_on_one_api_sees_a_capture_written_through_the_other(a, b);

        // The set through both APIs at once, alternately; B is killed -9 in the middle of an upload.
        var halves = new[] { set.Pages.Where((_, i) => i % 2 == 0).ToList(), set.Pages.Where((_, i) => i % 2 == 1).ToList() };
        var answered = new System.Collections.Concurrent.ConcurrentDictionary<string, Guid>();
        var unanswered = new System.Collections.Concurrent.ConcurrentBag<LineagePage>();
        var throughA = UploadAllAsync(a, halves[0], answered, unanswered, onHalfway: null);
        var throughB = UploadAllAsync(b, halves[1], answered, unanswered, onHalfway: async () =>
        {
            await Task.Delay(50);
            apiB.KillHard();
        });
        await Task.WhenAll(throughA, throughB);
        Assert.True(apiB.HasExited, "API B was not killed");
        Assert.NotEmpty(unanswered);
        // Every upload either API answered is there (read through the survivor)...
        foreach (var (url, id) in answered)
        {
            Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/api/articles/{id}")).StatusCode);
        }
        // ... and the ones B never answered succeed when sent again (as new, or as the capture B stored before it died).
        foreach (var page in unanswered)
        {
            var retry = await UploadAsync(a, page);
            Assert.True(retry.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"retry of {page.Url}: {retry.StatusCode}");
        }
        await WaitForOwedLineageAsync(processes.ConnectionString);
        var twoProcesses = await ExportAsync(a);

        // The same set through one process, one upload at a time, on a database of its own.
        await using var single = await ArchiveProcesses.CreateAsync(Settings);
        var (_, urlOne) = await single.StartAsync("all");
        using var one = ArchiveProcesses.Client(urlOne);
        foreach (var page in set.Pages)
        {
            Assert.Equal(HttpStatusCode.Created, (await UploadAsync(one, page)).StatusCode);
        }
        var oneProcess = await ExportAsync(one);

        Assert.True(oneProcess.Count > 100, $"one process linked only {oneProcess.Count} pages");
        Assert.Equal(oneProcess, twoProcesses);
    }

    private static async Task A_read_on_one_api_sees_a_capture_written_through_the_other(HttpClient a, HttpClient b)
    {
        const string url = "https://www.harbourgazette.com/news/cache-across-processes";
        var first = await (await a.PostAsJsonAsync("/api/captures", new { url, html = Page("First edition"), capturedAt = "2024-05-01T08:00:00Z" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var id = first.GetProperty("id").GetGuid();
        // B reads it (and caches it for ten minutes) ...
        Assert.Contains("First edition", await b.GetStringAsync($"/api/articles/{id}"));
        Assert.Contains("First edition", await b.GetStringAsync($"/api/articles/{id}"));
        // ... A stores a newer capture of the same page ...
        var second = await (await a.PostAsJsonAsync("/api/captures", new { url, html = Page("Second edition"), capturedAt = "2024-05-02T08:00:00Z" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(id, second.GetProperty("id").GetGuid());
        // ... and B serves it: A's eviction was announced before A answered; B drops its copy as the notice arrives.
        var started = DateTime.UtcNow;
        string body;
        while (!(body = await b.GetStringAsync($"/api/articles/{id}")).Contains("Second edition", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2), $"B still serves the first edition: {body[..Math.Min(200, body.Length)]}");
            await Task.Delay(20);
        }
    }

    private static string Page(string edition) =>
        $"<html><head><title>Quay works: {edition}</title></head><body><article><h1>Quay works: {edition}</h1>"
        + string.Concat(Enumerable.Range(1, 6).Select(i => $"<p>{edition}, paragraph {i}: the quay works began this week in the harbour town, the council said.</p>"))
        + "</article></body></html>";

    private static async Task UploadAllAsync(HttpClient client, List<LineagePage> pages,
        System.Collections.Concurrent.ConcurrentDictionary<string, Guid> answered, System.Collections.Concurrent.ConcurrentBag<LineagePage> unanswered,
        Func<Task>? onHalfway)
    {
        for (var i = 0; i < pages.Count; i++)
        {
            var page = pages[i];
            var upload = UploadAsync(client, page);
            if (i == pages.Count / 2 && onHalfway is not null)
            {
                await onHalfway();
            }
            try
            {
                var response = await upload;
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                answered[page.Url] = body.GetProperty("id").GetGuid();
            }
            // A connection to a killed process may also fail unwrapped by the handler (a SocketException from its connect).
            catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException)
            {
                unanswered.Add(page);
            }
        }
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, LineagePage page) =>
        client.PostAsJsonAsync("/api/captures", new { url = page.Url, html = page.Html, capturedAt = page.CapturedAt });

    private static async Task WaitForOwedLineageAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var started = DateTime.UtcNow;
        while (true)
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pending_lineage", connection);
            if ((long)(await command.ExecuteScalarAsync())! == 0)
            {
                return;
            }
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromMinutes(3), "the worker did not sweep the lineage updates the killed API owed");
            await Task.Delay(500);
        }
    }

    /// <summary>Every link the archive decided, by URL: republication, the page it derives from, origin, and how it was made.</summary>
    private static async Task<SortedSet<string>> ExportAsync(HttpClient client)
    {
        var links = new SortedSet<string>(StringComparer.Ordinal);
        for (var page = 1; ; page++)
        {
            var body = await (await client.GetAsync($"/api/audit/republications?page={page}&pageSize=500")).ReadJsonAsync(HttpStatusCode.OK);
            foreach (var item in body.GetProperty("items").EnumerateArray())
            {
                links.Add(string.Join(" | ", item.GetProperty("republication").GetProperty("url").GetString(),
                    item.GetProperty("derivedFrom").GetProperty("url").GetString(), item.GetProperty("origin").GetProperty("url").GetString(),
                    item.GetProperty("kind").GetString(), Text(item, "declaredBy"), Text(item, "reuse")));
            }
            if (page * body.GetProperty("pageSize").GetInt32() >= body.GetProperty("total").GetInt32())
            {
                return links;
            }
        }
    }

    private static string Text(JsonElement item, string name) => item.TryGetProperty(name, out var value) ? value.ToString() : "";
}

/// <summary>A page of the lineage development set, as bench/lineage_run.py uploads it.</summary>
internal sealed record LineagePage(string Url, string Html, string CapturedAt);

/// <summary>
/// The lineage development set (shared/data/lineage-dev beside the repository: see its README), read in manifest order.
/// </summary>
internal sealed record LineageSet(IReadOnlyList<LineagePage> Pages)
{
    public static LineageSet Load()
    {
        var directory = Find() ?? throw new InvalidOperationException(
            "The lineage development set (shared/data/lineage-dev beside the repository) is missing; these tests need it.");
        var pages = new List<LineagePage>();
        foreach (var line in File.ReadLines(Path.Combine(directory, "manifest.jsonl")).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            var entry = JsonNode.Parse(line)!;
            pages.Add(new LineagePage(entry["url"]!.GetValue<string>(), File.ReadAllText(Path.Combine(directory, entry["file"]!.GetValue<string>())),
                entry["capturedAt"]!.GetValue<string>()));
        }
        return new LineageSet(pages);
    }

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Archive.sln")))
            {
                continue;
            }
            // Beside the checkout; a git worktree's shared material sits beside the main checkout instead.
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "..", "shared"), Path.Combine(dir.FullName, "..", "..", "shared") })
            {
                var set = Path.Combine(candidate, "data", "lineage-dev");
                if (File.Exists(Path.Combine(set, "manifest.jsonl")))
                {
                    return Path.GetFullPath(set);
                }
            }
        }
        return null;
    }
}
