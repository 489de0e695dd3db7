using System.Text;

namespace Archive.Engine.Urls;

/// <summary>
/// The identity of a page URL: scheme lower-cased, host as DNS compares it (<see cref="RegistrableDomain.Normalise"/>),
/// default port, fragment and tracking parameters (utm_*, fbclid, gclid, …) removed. Path and the order of the remaining
/// query parameters are kept: they can name different pages.
/// </summary>
public static class UrlKey
{
    private static readonly string[] TrackingPrefixes = ["utm_", "mc_", "_hs", "pk_"];
    private static readonly HashSet<string> TrackingNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mkt_tok", "ocid", "cmpid", "ref_src", "smid",
    };

    public static string For(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var builder = new StringBuilder();
        builder.Append(url.Scheme.ToLowerInvariant()).Append("://").Append(RegistrableDomain.HostOf(url));
        if (!url.IsDefaultPort)
        {
            builder.Append(':').Append(url.Port);
        }
        builder.Append(url.AbsolutePath);
        var query = url.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !IsTracking(pair.Split('=')[0]))
            .ToList();
        if (query.Count > 0)
        {
            builder.Append('?').AppendJoin('&', query);
        }
        return builder.ToString();
    }

    /// <summary>
    /// The looser identity lineage compares link targets by: <see cref="For"/>'s, also blind to the scheme, a leading
    /// <c>www.</c> and a trailing slash, since a copy's link and the source's own address differ in those without naming
    /// another page. "" when <paramref name="url"/> is not an absolute URL.
    /// </summary>
    public static string Loose(string? url)
    {
        if (url is null || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return "";
        }
        var key = For(uri);
        key = key[(key.IndexOf("://", StringComparison.Ordinal) + 3)..];
        if (key.StartsWith("www.", StringComparison.Ordinal))
        {
            key = key[4..];
        }
        var query = key.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? key : key[..query];
        return path.TrimEnd('/') + (query < 0 ? "" : key[query..]);
    }

    private static bool IsTracking(string name) =>
        TrackingNames.Contains(name) || TrackingPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));
}
