using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Archive.Api.Tests.Infrastructure;

/// <summary>The whole service on a fresh database of its own; fetches may reach 127.0.0.1 (the fixture origin) only here.</summary>
public class ArchiveApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Fetching:AllowedNetworks:0", "127.0.0.1/32"),
        new("Fetching:Timeout", "00:00:05"),
        new("Jobs:RetryDelay", "00:00:00.200"),
    ];

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.NewDatabaseAsync();
        _ = Server; // builds the host now: migrations run here, not inside the first test
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Host settings are visible to Program.cs from the start, unlike late app-configuration sources.
        builder.UseSetting("ConnectionStrings:Archive", ConnectionString);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await TestDatabase.DropAsync(ConnectionString);
    }
}

/// <summary>The service with the default fetch policy: no private address allowed, not even the fixture origin.</summary>
public sealed class DefaultPolicyApiFactory : ArchiveApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Fetching:Timeout", "00:00:05")];
}
