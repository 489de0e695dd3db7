using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Archive.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Archive.Api.Tests.Scale;

/// <summary>
/// Two worker processes fetching one host together keep its politeness limits between them: never more fetches at once
/// than Politeness:PerHostConcurrency, never two starts closer than Politeness:MinDelay — as one process would.
/// </summary>
public sealed partial class PolitenessAcrossWorkersTests
{
    private const int Pages = 12;
    private const int PerHost = 2;
    private static readonly TimeSpan MinDelay = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(1200);

    [Fact]
    public async Task One_host_never_gets_more_than_its_limit_from_two_workers()
    {
        await using var origin = await SlowOrigin.StartAsync(Slow);
        await using var processes = await ArchiveProcesses.CreateAsync(new Dictionary<string, string?>
        {
            ["Politeness__PerHostConcurrency"] = PerHost.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Politeness__MinDelay"] = MinDelay.ToString(),
            ["Worker__Concurrency"] = "4",
            ["Worker__PollInterval"] = "00:00:00.200",
        });
        var (_, api) = await processes.StartAsync("api");
        var (first, _) = await processes.StartAsync("worker");
        var (second, _) = await processes.StartAsync("worker");
        using var client = ArchiveProcesses.Client(api);

        var urls = Enumerable.Range(1, Pages).Select(i => $"{origin.BaseUrl}story/{i}").ToArray();
        var response = await client.PostJsonAsync("/api/captures/batch", new { urls });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var deadline = Stopwatch.StartNew();
        while (await CapturesAsync(processes.ConnectionString) < Pages)
        {
            // A bound on a hang only: three processes on a starved shared machine took over 3 minutes for these pages
            // (9 of 12 at load 40), which says nothing about politeness; the limits are checked below, not the speed.
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(15), $"{await CapturesAsync(processes.ConnectionString)} of {Pages} captured");
            await Task.Delay(200);
        }

        Assert.True(origin.MaxConcurrent <= PerHost, $"the host saw {origin.MaxConcurrent} fetches at once (limit {PerHost})");
        // Starts are timed where requests arrive, which a loaded machine delays and bunches: the rate is checked over the
        // whole run (no more starts than one per MinDelay), the concurrency exactly.
        var starts = origin.Starts.Order().ToList();
        var span = starts[^1] - starts[0];
        Assert.True(span >= MinDelay * (starts.Count - 1), $"{starts.Count} fetches started within {span.TotalMilliseconds:F0} ms (MinDelay {MinDelay.TotalMilliseconds} ms)");
        // Both workers took part: the limits held between processes, not within one. (Console logging is asynchronous: wait
        // for every capture's line.)
        for (var i = 0; i < 100 && Captured(first.Stdout) + Captured(second.Stdout) < Pages; i++)
        {
            await Task.Delay(100);
        }
        Assert.True(Captured(first.Stdout) > 0 && Captured(second.Stdout) > 0,
            $"captures per worker: {Captured(first.Stdout)} and {Captured(second.Stdout)}");
    }

    private static int Captured(string log) => CapturedLine().Count(log);

    [GeneratedRegex(@"captured http://127\.0\.0\.1:\d+/story/")]
    private static partial Regex CapturedLine();

    private static async Task<long> CapturesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM captures", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>An origin on 127.0.0.1 that answers slowly and records when each request started and how many overlapped.</summary>
    private sealed class SlowOrigin : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentBag<TimeSpan> _starts = [];
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _active;
        private int _max;

        private SlowOrigin(WebApplication app) => _app = app;

        public string BaseUrl { get; private set; } = "";

        public int MaxConcurrent => Volatile.Read(ref _max);

        public IReadOnlyList<TimeSpan> Starts => [.. _starts];

        public static async Task<SlowOrigin> StartAsync(TimeSpan delay)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var origin = new SlowOrigin(builder.Build());
            origin._app.Run(async context =>
            {
                origin._starts.Add(origin._clock.Elapsed);
                var now = Interlocked.Increment(ref origin._active);
                int seen;
                while ((seen = Volatile.Read(ref origin._max)) < now && Interlocked.CompareExchange(ref origin._max, now, seen) != seen)
                {
                }
                try
                {
                    await Task.Delay(delay);
                    if (context.Request.Path == "/robots.txt")
                    {
                        await Results.Text("User-agent: *\nAllow: /\n", "text/plain").ExecuteAsync(context);
                        return;
                    }
                    var n = context.Request.Path.Value;
                    await Results.Text($"<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1>"
                        + string.Concat(Enumerable.Range(1, 5).Select(i => $"<p>Paragraph {i} of story {n}, told at length so that it reads as an article.</p>"))
                        + "</article></body></html>", "text/html; charset=utf-8").ExecuteAsync(context);
                }
                finally
                {
                    Interlocked.Decrement(ref origin._active);
                }
            });
            await origin._app.StartAsync();
            origin.BaseUrl = origin._app.Urls.Single().TrimEnd('/') + "/";
            return origin;
        }

        public ValueTask DisposeAsync() => _app.DisposeAsync();
    }
}
