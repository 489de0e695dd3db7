using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Archive.Fetching;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host itself and connects only to addresses the
/// policy permits. The address checked is the address dialled, so DNS rebinding or a pre-check elsewhere cannot be
/// raced, and an IP literal in any spelling is checked after it has been parsed into an address.
/// </summary>
internal sealed class GuardedConnector(IHostResolver resolver, FetchPolicy policy, ISocketConnector sockets, ILogger<GuardedConnector> logger)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        if (!policy.IsPortPermitted(port))
        {
            throw new FetchConnectException(FetchFailureReason.BlockedAddress, $"Port {port} is not one the archive connects to.");
        }

        var addresses = await ResolveAsync(host, cancellationToken);
        var permitted = addresses.Where(policy.IsPermitted).Distinct().ToArray();
        if (permitted.Length == 0)
        {
            // The addresses go to the log only: anyone may read a capture's failure, and what an internal name resolves to
            // is a map of the network the archive runs in.
            logger.LogWarning("Refused to connect to {Host}: it resolves only to blocked addresses ({Addresses})", host,
                string.Join(", ", addresses.Distinct()));
            throw new FetchConnectException(
                FetchFailureReason.BlockedAddress,
                $"'{host}' resolves only to addresses the archive does not connect to ({AddressPolicy.Describe(addresses)}).");
        }

        // Blocked answers mixed with public ones are skipped, never dialled.
        SocketException? last = null;
        foreach (var address in permitted)
        {
            try
            {
                return await sockets.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
            }
            catch (SocketException ex)
            {
                last = ex;
            }
        }

        throw last!;
    }

    private async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        // A trailing dot ("127.0.0.1.") makes Uri treat an address as a name; some resolvers then hand the address
        // straight back, so it is judged here as the literal it is.
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host.TrimEnd('.');
        if (IPAddress.TryParse(literal, out var address))
        {
            return [address];
        }

        IPAddress[] addresses;
        try
        {
            addresses = await resolver.ResolveAsync(host, cancellationToken);
        }
        catch (SocketException ex)
        {
            throw new FetchConnectException(FetchFailureReason.Dns, $"'{host}' could not be resolved: {ex.Message}", ex);
        }

        return addresses.Length > 0
            ? addresses
            : throw new FetchConnectException(FetchFailureReason.Dns, $"'{host}' has no addresses.");
    }
}

/// <summary>Raised inside the connect callback; the fetcher turns it into a <see cref="FetchFailure"/>.</summary>
internal sealed class FetchConnectException(FetchFailureReason reason, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public FetchFailureReason Reason { get; } = reason;
}
