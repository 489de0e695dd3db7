using Archive.Api.Log;
using Archive.Api.Access;
using Archive.Api.Database;
using Archive.Api.Extensions;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Archive.Api;

/// <summary>Where the service listens, and how it starts and fails to start: the composition root beside Program.cs, so it may
/// use any feature (Database, Access) while the shared Extensions use none.</summary>
internal static class HostingExtensions
{
    public const string DefaultUrl = "http://localhost:8080";

    /// <summary>
    /// Listens on <see cref="DefaultUrl"/> unless the caller chose: ASPNETCORE_URLS or --urls (configuration key
    /// <c>urls</c>), ASPNETCORE_HTTP_PORTS / HTTPS_PORTS, or Kestrel endpoints. Setting the default in appsettings.json
    /// instead would override ASPNETCORE_URLS, which is read before it.
    /// </summary>
    public static WebApplicationBuilder UseDefaultUrl(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var chosen = !string.IsNullOrWhiteSpace(config["urls"]) || !string.IsNullOrWhiteSpace(config["http_ports"])
            || !string.IsNullOrWhiteSpace(config["https_ports"]) || config.GetSection("Kestrel:Endpoints").Exists();
        if (!chosen)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        return builder;
    }

    /// <summary>
    /// Prepares the database and access, then serves until stopped. A port already in use, or a setting the service cannot
    /// start with, ends the start with one line that says what to do, and exit code 1; whatever ends a start early also stops
    /// the embedded PostgreSQL this process started, so a failed start leaves nothing running.
    /// </summary>
    public static async Task<int> RunArchiveAsync(this WebApplication app)
    {
        var served = false;
        try
        {
            // Checked before anything starts: Kestrel's own bind failure would come only after the database, and the host
            // logs it with a stack trace. The check cannot see a port taken in the instant between it and the bind; that
            // rarer case still ends with the line below.
            if (ListensWithKestrel(app) && BusyAddress(app.Configuration) is { } busy)
            {
                return await FailAsync($"Cannot listen on {busy}: the port is already in use.");
            }
            await app.PrepareDatabaseAsync();
            await app.PrepareAccessAsync();
            // The log sequencer refuses a wrong key when it starts, but the host would log that with a stack trace: check
            // first, for one line.
            await app.PrepareLogAsync();
            await app.StartAsync();
            served = true;
            await app.WaitForShutdownAsync();
            return 0;
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            return await FailAsync($"Cannot listen: {e.Message.TrimEnd('.')}.");
        }
        // Under a test host the exception goes on to the factory, which reports why the host could not start.
        catch (StartupException e) when (ListensWithKestrel(app))
        {
            return await FailAsync($"Cannot start: {e.Message}", hint: false);
        }
        finally
        {
            if (!served)
            {
                await app.StopEmbeddedDatabaseAsync();
            }
            await app.DisposeAsync();
        }
    }

    /// <summary>Kestrel, not an in-memory server (tests) that binds no port.</summary>
    private static bool ListensWithKestrel(WebApplication app) =>
        app.Services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?.GetType().Assembly
            == typeof(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions).Assembly;

    private static async Task<int> FailAsync(string problem, bool hint = true)
    {
        await Console.Error.WriteLineAsync(hint
            ? $"{problem} Choose another port with ASPNETCORE_URLS=http://localhost:8081, --urls http://localhost:8081 or ASPNETCORE_HTTP_PORTS=8081."
            : problem);
        return 1;
    }

    /// <summary>The first address the service is configured to listen on whose port another process holds, or null.</summary>
    private static string? BusyAddress(IConfiguration config)
    {
        IEnumerable<string> addresses = config["urls"] is { Length: > 0 } urls
            ? urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [.. Ports(config["http_ports"], "http"), .. Ports(config["https_ports"], "https")];
        addresses = addresses.Concat(config.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        foreach (var address in addresses)
        {
            BindingAddress parsed;
            try
            {
                parsed = BindingAddress.Parse(address);
            }
            catch (FormatException)
            {
                continue; // Kestrel says what is wrong with it
            }
            if (parsed.IsUnixPipe || parsed.Port == 0)
            {
                continue;
            }
            var ip = parsed.Host is "localhost" ? IPAddress.Loopback
                : IPAddress.TryParse(parsed.Host.Trim('[', ']'), out var literal) ? literal : IPAddress.Any;
            try
            {
                using var probe = new TcpListener(ip, parsed.Port);
                probe.Start();
                probe.Stop();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return address;
            }
            catch (SocketException)
            {
                // Not ours to judge (an address this machine lacks, say): Kestrel reports it.
            }
        }
        return null;
    }

    private static IEnumerable<string> Ports(string? ports, string scheme) =>
        (ports ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"{scheme}://*:{p}");
}
