using System.Net;
using System.Net.Sockets;
using Archive.Api.Tests.Hosting;
using Archive.Api.Tests.Infrastructure;

namespace Archive.Api.Tests.Scale;

/// <summary>
/// Several archive processes (the built Archive.Api.dll, started with <c>--role</c>) on one fresh database of their own,
/// sharing one log signing key, listening on 127.0.0.1 ports of 18600–18699.
/// </summary>
internal sealed class ArchiveProcesses : IAsyncDisposable
{
    private static int _nextPort = 18600 + (Environment.ProcessId % 50);
    private readonly List<ServiceProcess> _processes = [];
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"archive-scale-log-{Guid.NewGuid():N}.key");
    private readonly IReadOnlyDictionary<string, string?> _settings;

    private ArchiveProcesses(string connectionString, IReadOnlyDictionary<string, string?> settings)
    {
        ConnectionString = connectionString;
        _settings = settings;
    }

    public string ConnectionString { get; }

    public static async Task<ArchiveProcesses> CreateAsync(IReadOnlyDictionary<string, string?>? settings = null) =>
        new(await TestDatabase.NewDatabaseAsync(), settings ?? new Dictionary<string, string?>());

    /// <summary>Starts a process of <paramref name="role"/> and waits until it answers; returns it and its base URL.</summary>
    public async Task<(ServiceProcess Process, string BaseUrl)> StartAsync(string role, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var port = NextFreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Archive"] = ConnectionString,
            ["Urls"] = baseUrl,
            ["Log__SigningKeyFile"] = _keyFile,
            ["ARCHIVE_ADMIN_KEY"] = ArchiveApiFactory.AdminKey,
            ["Access__RateLimit__Enabled"] = "false",
            ["Fetching__AllowedNetworks__0"] = "127.0.0.1/32",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Archive.Api.Jobs.FetchWorker"] = "Information",
        };
        foreach (var (key, value) in _settings.Concat(extra ?? new Dictionary<string, string?>()))
        {
            environment[key] = value;
        }
        var process = ServiceProcess.Start(environment, "--role", role);
        _processes.Add(process);
        await process.WaitHealthyAsync(baseUrl, TimeSpan.FromMinutes(3));
        return (process, baseUrl);
    }

    public static HttpClient Client(string baseUrl)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ArchiveApiFactory.AdminKey);
        return client;
    }

    private static int NextFreePort()
    {
        for (var tries = 0; tries < 100; tries++)
        {
            var port = 18600 + ((Interlocked.Increment(ref _nextPort) - 18600) % 100);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("no free port in 18600–18699");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
        await TestDatabase.DropAsync(ConnectionString);
        File.Delete(_keyFile);
    }
}
