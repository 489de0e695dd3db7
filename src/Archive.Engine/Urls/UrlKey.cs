using System.Text;

namespace Archive.Engine.Urls;

/// <summary>
/// The identity of a page URL: scheme and host lower-cased, default port, fragment and tracking parameters
/// (utm_*, fbclid, gclid, …) removed. Path and the order of the remaining query parameters are kept: they can
/// name different pages.
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
        builder.Append(url.Scheme.ToLowerInvariant()).Append("://").Append(url.IdnHost.ToLowerInvariant());
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

    private static bool IsTracking(string name) =>
        TrackingNames.Contains(name) || TrackingPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));
}
