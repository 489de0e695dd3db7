using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Api.Tests.Infrastructure;

/// <summary>
/// The whole service on a fresh database of its own; fetches may reach 127.0.0.1 (the fixture origin) only here.
/// The service starts with <see cref="AdminKey"/> provisioned (ARCHIVE_ADMIN_KEY) and every client from CreateClient sends it,
/// because TestServer reports no remote address, which the service deliberately does not treat as loopback.
/// </summary>
public class ArchiveApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";

    public string ConnectionString { get; private set; } = "";

    /// <summary>This service's log signing key (generated at start), kept out of the source tree.</summary>
    public string LogKeyFile { get; } = Path.Combine(Path.GetTempPath(), $"archive-test-log-{Guid.NewGuid():N}.key");

    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("ARCHIVE_ADMIN_KEY", AdminKey),
        new("Fetching:AllowedNetworks:0", "127.0.0.1/32"),
        new("Fetching:Timeout", "00:00:05"),
        new("Jobs:RetryDelay", "00:00:00.200"),
        new("Politeness:MinDelay", "00:00:00.050"),
    ];

    /// <summary>
    /// The service's clock, where a test must move time (a fake clock); null keeps the system clock. Everything that reads
    /// time through <see cref="TimeProvider"/> follows it; timers of the framework's own (Kestrel, the rate limiter's
    /// replenishment) keep real time.
    /// </summary>
    protected virtual TimeProvider? Clock => null;

    /// <summary>Whether each search request first builds every search row owed (see <see cref="SearchIndexWait"/>).</summary>
    protected virtual bool SearchCaughtUp => true;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.NewDatabaseAsync();
        StartServer(); // builds the host now: migrations run here, not inside the first test
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Host settings are visible to Program.cs from the start, unlike late app-configuration sources.
        builder.UseSetting("ConnectionStrings:Archive", ConnectionString);
        builder.UseSetting("Log:SigningKeyFile", LogKeyFile);
        // Never the default 8080, which a service someone runs on this machine may hold (a real server, as in
        // LiveApiFactory, takes a free port).
        builder.UseSetting("urls", "http://127.0.0.1:0");
        // Every test host would otherwise compile the family path at start (LineageWarmUp); LineageWarmUpTests turns it on.
        builder.UseSetting("Lineage:WarmUp", "false");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        if (Clock is { } clock)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
        if (SearchCaughtUp)
        {
            builder.ConfigureTestServices(services => services.AddCaughtUpSearch());
        }
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
    }

    /// <summary>A client that sends no API key, or the given one.</summary>
    public HttpClient CreateClientWithKey(string? key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }
        return client;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await TestDatabase.DropAsync(ConnectionString);
        File.Delete(LogKeyFile);
    }
}

/// <summary>The service with the default fetch policy: no private address allowed, not even the fixture origin.</summary>
public sealed class DefaultPolicyApiFactory : ArchiveApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("ARCHIVE_ADMIN_KEY", AdminKey), new("Fetching:Timeout", "00:00:05")];
}
