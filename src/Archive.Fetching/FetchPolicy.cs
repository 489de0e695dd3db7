using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.Extensions.Options;

namespace Archive.Fetching;

/// <summary>
/// The configured rules applied to every hop: which URLs may be requested and which addresses may be connected to.
/// Callers may use <see cref="IsFetchable"/> to reject a submission early; the fetcher re-checks at connect time anyway.
/// </summary>
public sealed class FetchPolicy
{
    private readonly IPNetwork[] _allowedNetworks;
    private readonly PortSet _allowedPorts;
    private readonly PortSet _deniedPorts;

    public FetchPolicy(IOptions<FetchOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
        _allowedNetworks = [.. Options.AllowedNetworks.Select(n => IPNetwork.Parse(n))];
        _ = PortSet.TryParse(Options.AllowedPorts, out _allowedPorts);
        _ = PortSet.TryParse(Options.DeniedPorts, out _deniedPorts);
    }

    public FetchOptions Options { get; }

    /// <summary>True when the fetcher may connect to <paramref name="address"/>: not blocked, or inside an allowed network.</summary>
    public bool IsPermitted(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var normal = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return Array.Exists(_allowedNetworks, n => n.Contains(normal)) || !AddressPolicy.IsBlocked(normal);
    }

    public bool IsPortPermitted(int port) => _allowedPorts.Contains(port) && !_deniedPorts.Contains(port);

    /// <summary>Checks what can be checked without the network: absolute http(s), no user-info, a permitted port.</summary>
    public bool IsFetchable(Uri url, [NotNullWhen(false)] out string? problem)
    {
        problem = Check(url)?.Message;
        return problem is null;
    }

    internal (FetchFailureReason Reason, string Message)? Check(Uri url)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return (FetchFailureReason.InvalidUrl, "Only absolute http and https URLs can be captured.");
        }

        if (url.UserInfo.Length > 0)
        {
            return (FetchFailureReason.InvalidUrl, "URLs with user information (user:password@) are not captured.");
        }

        if (url.Host.Length == 0)
        {
            return (FetchFailureReason.InvalidUrl, "The URL has no host.");
        }

        return IsPortPermitted(url.Port)
            ? null
            : (FetchFailureReason.BlockedAddress, $"Port {url.Port} is not one the archive connects to.");
    }
}
