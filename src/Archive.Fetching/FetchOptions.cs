using System.Net;

namespace Archive.Fetching;

/// <summary>Limits for capturing a page, bound from the "Fetching" configuration section.</summary>
public sealed class FetchOptions
{
    public const string SectionName = "Fetching";

    /// <summary>Cap on the body after removing Content-Encoding, so a small gzip bomb still counts at full size.</summary>
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>One deadline for the whole capture: DNS, connect, TLS, every redirect and the body.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxRedirects { get; set; } = 5;

    /// <summary>Where a site operator can read about the bot; named in the default User-Agent.</summary>
    public Uri ContactUrl { get; set; } = new("https://archive.example/bot");

    /// <summary>Overrides the default <c>ArchiveBot/0.1 (+{ContactUrl})</c>.</summary>
    public string? UserAgent { get; set; }

    /// <summary>
    /// CIDRs allowed even though <see cref="AddressPolicy"/> blocks them (e.g. "127.0.0.1/32" for tests).
    /// Empty by default; never set it in production without a reason.
    /// </summary>
    public IList<string> AllowedNetworks { get; } = [];

    /// <summary>
    /// Ports a URL may name: comma-separated ports and ranges. A single string rather than a list because the
    /// configuration binder appends to, instead of replacing, a list that already holds defaults.
    /// </summary>
    public string AllowedPorts { get; set; } = "80,443,1024-65535";

    /// <summary>
    /// Ports refused even inside <see cref="AllowedPorts"/>: well-known internal services (databases, caches, proxies,
    /// container and cluster APIs) that have no business serving news pages.
    /// </summary>
    public string DeniedPorts { get; set; } =
        "1080,2375,2376,2379,2380,3128,3306,5432,5984,6379,6443,8500,9200,9300,10250,10255,11211,27017";

    public string ResolveUserAgent() => string.IsNullOrWhiteSpace(UserAgent) ? $"ArchiveBot/0.1 (+{ContactUrl})" : UserAgent;
}
