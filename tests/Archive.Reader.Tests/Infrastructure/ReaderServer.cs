using Archive.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Reader.Tests.Infrastructure;

/// <summary>
/// The whole service on Kestrel at 127.0.0.1 on a free port (a browser cannot reach an in-memory test server), on a fresh
/// database of its own, with an admin key provisioned and fetches allowed to 127.0.0.1 (the test's own news origin).
/// </summary>
public sealed class ReaderServer : WebApplicationFactory<Program>
{
    public const string AdminKey = "reader-admin-key-0123456789abcdef";

    private ReaderServer(string connectionString)
    {
        ConnectionString = connectionString;
        UseKestrel(0);
    }

    public string ConnectionString { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<ReaderServer> StartAsync()
    {
        var server = new ReaderServer(await TestDatabase.NewDatabaseAsync());
        server.StartServer();
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    /// <summary>A client of the running server that sends the admin key.</summary>
    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Archive", ConnectionString);
        builder.UseSetting("ARCHIVE_ADMIN_KEY", AdminKey);
        builder.UseSetting("Fetching:AllowedNetworks:0", "127.0.0.1/32");
        builder.UseSetting("Fetching:Timeout", "00:00:10");
        builder.UseSetting("Politeness:MinDelay", "00:00:00.050");
        builder.UseSetting("Access:RateLimit:Enabled", "false");
        builder.ConfigureTestServices(services => services.AddCaughtUpSearch());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await TestDatabase.DropAsync(ConnectionString);
    }
}
