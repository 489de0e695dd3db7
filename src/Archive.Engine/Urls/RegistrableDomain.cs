using System.Globalization;
using Archive.Engine.Publishers;

namespace Archive.Engine.Urls;

/// <summary>
/// The one registrable-domain function: the domain an organisation registers ("www.bbc.co.uk" → "bbc.co.uk"), by the
/// embedded Public Suffix List, in the form PublicSuffix and DNS compare hosts — ASCII (punycode), lower-case, without a
/// trailing dot. A host with none (an IP address, a bare public suffix) stands for itself in that same form. Publishers
/// are keyed by it, lineage names outlets by it, and extraction tells on-site links from off-site ones by it.
/// </summary>
public static class RegistrableDomain
{
    private static readonly IdnMapping Idn = new();

    /// <summary>The registrable domain of <paramref name="url"/>'s host (its port and path play no part), or null when
    /// the URL has no host (<c>file:</c>, <c>urn:</c>).</summary>
    public static string? Of(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsAbsoluteUri ? Of(HostOf(url)) : null;
    }

    /// <summary><paramref name="url"/>'s host as <see cref="Normalise"/> writes it; an IPv6 literal keeps its brackets
    /// (<see cref="Uri.IdnHost"/> drops them, which would read as host and port).</summary>
    public static string HostOf(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return Normalise(url.HostNameType == UriHostNameType.IPv6 ? url.Host : url.IdnHost);
    }

    /// <summary>The registrable domain of <paramref name="host"/> (a host name, IDN or punycode, any case), or null when
    /// it is empty.</summary>
    public static string? Of(string? host)
    {
        var name = Normalise(host);
        return name.Length == 0 ? null : PublicSuffixList.Default.RegistrableDomain(name) ?? name;
    }

    /// <summary>A host as DNS compares it: trimmed, without a trailing dot, punycode, lower-case (an IPv6 literal keeps its
    /// brackets).</summary>
    public static string Normalise(string? host)
    {
        var name = (host ?? "").Trim().TrimEnd('.');
        if (name.Length == 0 || name.StartsWith('['))
        {
            return name.ToLowerInvariant();
        }
        try
        {
            return Idn.GetAscii(name).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            // Not a name IDNA accepts (an empty label, a stray character): compared as written, case folded.
            return name.ToLowerInvariant();
        }
    }
}
