using System.Net;
using System.Net.Sockets;

namespace Archive.Fetching;

/// <summary>
/// Which IP addresses the fetcher refuses to connect to: anything that is not plainly global unicast.
/// IPv6 is allowed only inside 2000::/3, and forms that embed an IPv4 address are judged by that address.
/// </summary>
public static class AddressPolicy
{
    private static readonly IPNetwork[] BlockedV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"),        // "this" network
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),    // carrier-grade NAT
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),   // link-local, cloud metadata
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),     // IETF protocol assignments
        IPNetwork.Parse("192.0.2.0/24"),     // TEST-NET-1
        IPNetwork.Parse("192.88.99.0/24"),   // deprecated 6to4 relay anycast
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),    // benchmarking
        IPNetwork.Parse("198.51.100.0/24"),  // TEST-NET-2
        IPNetwork.Parse("203.0.113.0/24"),   // TEST-NET-3
        IPNetwork.Parse("224.0.0.0/4"),      // multicast
        IPNetwork.Parse("240.0.0.0/4"),      // reserved, includes 255.255.255.255
    ];

    private static readonly IPNetwork GlobalUnicastV6 = IPNetwork.Parse("2000::/3");
    private static readonly IPNetwork Nat64WellKnown = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    // Inside 2000::/3 but not a place a news site lives. Everything outside 2000::/3 (::, ::1, ::/96, fc00::/7,
    // fe80::/10, fec0::/10, ff00::/8, 64:ff9b:1::/48, 100::/64) is already refused by the global-unicast rule.
    private static readonly IPNetwork[] BlockedInsideGlobalV6 =
    [
        IPNetwork.Parse("2001::/32"),        // Teredo: tunnels to an arbitrary IPv4 address
        IPNetwork.Parse("2001:2::/48"),      // benchmarking
        IPNetwork.Parse("2001:10::/28"),     // ORCHID
        IPNetwork.Parse("2001:db8::/32"),    // documentation
        IPNetwork.Parse("3fff::/20"),        // documentation (RFC 9637)
    ];

    /// <summary>True when the fetcher must not connect to <paramref name="address"/> (before any configured allow-list).</summary>
    public static bool IsBlocked(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return IsBlockedV4(address);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return true;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return IsBlockedV4(address.MapToIPv4());
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        if (Nat64WellKnown.Contains(address))
        {
            return IsBlockedV4(new IPAddress(bytes[12..]));
        }

        if (SixToFour.Contains(address))
        {
            return IsBlockedV4(new IPAddress(bytes[2..6]));
        }

        return !GlobalUnicastV6.Contains(address) || Array.Exists(BlockedInsideGlobalV6, n => n.Contains(address));
    }

    /// <summary>The kinds of <paramref name="addresses"/> ("loopback, private"), never the addresses: safe to show anyone.</summary>
    public static string Describe(IEnumerable<IPAddress> addresses) =>
        string.Join(", ", addresses.Select(Kind).Distinct().Order(StringComparer.Ordinal));

    private static string Kind(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address))
        {
            return "loopback";
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                10 => "private",
                172 when b[1] is >= 16 and < 32 => "private",
                192 when b[1] == 168 => "private",
                169 when b[1] == 254 => "link-local",
                100 when b[1] is >= 64 and < 128 => "shared (carrier-grade NAT)",
                >= 224 and < 240 => "multicast",
                _ => IsBlockedV4(address) ? "reserved" : "public",
            };
        }
        return address.IsIPv6LinkLocal ? "link-local"
            : address.IsIPv6UniqueLocal || address.IsIPv6SiteLocal ? "private"
            : address.IsIPv6Multicast ? "multicast"
            : IsBlocked(address) ? "reserved" : "public";
    }

    private static bool IsBlockedV4(IPAddress address) => Array.Exists(BlockedV4, n => n.Contains(address));
}
