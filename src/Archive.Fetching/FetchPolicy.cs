using System.Net;
using Microsoft.Extensions.Options;

namespace Archive.Fetching;

/// <summary>
/// The configured rules applied to every hop: which URLs may be requested and which addresses may be connected to.
/// Submissions are checked with <see cref="Explain(string?)"/>; the fetcher re-checks every hop and, at connect time, every address.
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

    /// <summary>
    /// Why the fetcher would refuse <paramref name="value"/> before touching the network (<see cref="UrlRules"/>, then the
    /// port), or null. Submissions are checked with it, so a URL the fetcher refuses is refused when it is submitted.
    /// </summary>
    public string? Explain(string? value) =>
        UrlRules.Explain(value) ?? Check(new Uri(value!, UriKind.Absolute))?.Message;

    /// <summary>The hop check of every request the fetcher sends (the first and each redirect).</summary>
    internal (FetchFailureReason Reason, string Message)? Check(Uri url)
    {
        if (UrlRules.Explain(url) is { } problem)
        {
            return (FetchFailureReason.InvalidUrl, problem);
        }
        return IsPortPermitted(url.Port)
            ? null
            : (FetchFailureReason.BlockedAddress, $"Port {url.Port} is not one the archive connects to.");
    }
}
