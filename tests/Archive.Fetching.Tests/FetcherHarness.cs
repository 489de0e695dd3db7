using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Archive.Fetching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Archive.Fetching.Tests;

/// <summary>
/// Builds a <see cref="PageFetcher"/> through <see cref="FetchingExtensions.AddFetching"/> the way the host does, with
/// test configuration, a scripted resolver, and a connector that records every dial. Only 127.0.0.1 is ever really
/// dialled; any other approved address is answered with "connection refused" so tests never leave the machine. Its clock
/// is a fake one (<see cref="Time"/>).
/// </summary>
internal sealed class FetcherHarness : IDisposable
{
    private readonly IHost _host;

    private FetcherHarness(IHost host, ScriptedResolver resolver, RecordingConnector connector, FakeTimeProvider time)
    {
        _host = host;
        Time = time;
        Resolver = resolver;
        Connector = connector;
        Fetcher = host.Services.GetRequiredService<PageFetcher>();
    }

    public PageFetcher Fetcher { get; }

    /// <summary>
    /// The fetcher's clock. It stands still unless a test moves it, so the deadline (Fetching:Timeout, 2 s) ends a fetch only
    /// where a test says so: how busy the machine is never turns a slow answer into a timeout.
    /// </summary>
    public FakeTimeProvider Time { get; }

    // With the deadline on a clock that stands still, a fetch the fetcher failed to end would hang the run: this bounds it
    // in real time, generously (a fetch here takes well under a second of work; a loaded machine stretches that).
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(1);

    public ScriptedResolver Resolver { get; }

    public RecordingConnector Connector { get; }

    /// <summary>A fetcher that may reach the fixture origin because 127.0.0.1/32 is allow-listed, as in the test settings.</summary>
    public static FetcherHarness WithLoopbackAllowed(params (string Key, string Value)[] settings) =>
        Create([("Fetching:AllowedNetworks:0", "127.0.0.1/32"), .. settings]);


    /// <summary>A fetcher with production address rules: nothing private, loopback included.</summary>
    public static FetcherHarness WithProductionRules(params (string Key, string Value)[] settings) => Create(settings);

    /// <summary>Production rules with the real system resolver, for names the operating system maps to loopback.</summary>
    public static FetcherHarness WithSystemResolver() => Create([], systemResolver: true);

    /// <summary>Loopback allowed, and every HttpClient in the container given the standard resilience handler.</summary>
    public static FetcherHarness WithHostWideResilience() =>
        Create([("Fetching:AllowedNetworks:0", "127.0.0.1/32")], hostWideResilience: true);

    public Task<FetchOutcome> FetchAsync(Uri url) => Fetcher.FetchAsync(url, CancellationToken.None).WaitAsync(Hang);

    public Task<FetchOutcome> FetchAsync(string url) => FetchAsync(new Uri(url));

    public void Dispose() => _host.Dispose();

    private static FetcherHarness Create(
        (string Key, string Value)[] settings, bool systemResolver = false, bool hostWideResilience = false)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fetching:Timeout"] = "00:00:02",
            ["Fetching:MaxBodyBytes"] = FixtureOrigin.TestMaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Fetching:ContactUrl"] = "https://archive.test/bot",
        });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        var resolver = new ScriptedResolver();
        var connector = new RecordingConnector();
        if (!systemResolver)
        {
            builder.Services.AddSingleton<IHostResolver>(resolver);
        }

        builder.Services.AddSingleton<ISocketConnector>(connector);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        builder.Services.AddSingleton<TimeProvider>(time); // AddFetching adds the system clock only where none is registered
        if (hostWideResilience)
        {
            builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        }

        builder.Services.AddFetching();
        return new FetcherHarness(builder.Build(), resolver, connector, time);
    }
}

/// <summary>Answers from a script; a name may get a different answer on each lookup (DNS rebinding).</summary>
internal sealed class ScriptedResolver : IHostResolver
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<IPAddress[]>> _answers = new(StringComparer.OrdinalIgnoreCase);

    private readonly ConcurrentDictionary<string, bool> _stalled = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<string> Lookups { get; } = new();

    /// <summary>Each call to the resolver for <paramref name="host"/> takes the next answer; the last one repeats.</summary>
    public ScriptedResolver Answer(string host, params string[][] answers)
    {
        _answers[host] = new ConcurrentQueue<IPAddress[]>(answers.Select(a => a.Select(IPAddress.Parse).ToArray()));
        return this;
    }

    /// <summary>Lookups of <paramref name="host"/> never answer, like a resolver that has gone quiet.</summary>
    public ScriptedResolver Stall(string host)
    {
        _stalled[host] = true;
        return this;
    }

    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        Lookups.Enqueue(host);
        if (_stalled.ContainsKey(host))
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (!_answers.TryGetValue(host, out var queue) || !queue.TryPeek(out var answer))
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        if (queue.Count > 1)
        {
            queue.TryDequeue(out answer);
        }

        return answer!;
    }
}

/// <summary>Records every endpoint the guard approved for dialling.</summary>
internal sealed class RecordingConnector : ISocketConnector
{
    private readonly SocketConnector _real = new();

    private readonly ConcurrentDictionary<IPAddress, bool> _blackholes = new();

    public ConcurrentQueue<IPEndPoint> Dialled { get; } = new();

    /// <summary>Dials to <paramref name="address"/> never complete, like a firewall that drops SYNs.</summary>
    public void Blackhole(string address) => _blackholes[IPAddress.Parse(address)] = true;

    public async ValueTask<Stream> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        Dialled.Enqueue(endPoint);
        if (_blackholes.ContainsKey(endPoint.Address))
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return endPoint.Address.Equals(IPAddress.Loopback)
            ? await _real.ConnectAsync(endPoint, cancellationToken)
            : throw new SocketException((int)SocketError.ConnectionRefused);
    }
}
