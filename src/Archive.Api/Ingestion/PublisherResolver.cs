using Archive.Engine.Extraction;
using Archive.Engine.Urls;

namespace Archive.Api.Ingestion;

/// <summary>
/// The outlet behind a page: keyed by the registrable domain of its final URL (Public Suffix List), named from JSON-LD
/// publisher, then og:site_name, then the domain itself. The ingest's store finds or creates it.
/// </summary>
public static class PublisherResolver
{
    public static (string Domain, string Name) Identify(Uri finalUrl, ArticleMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var domain = RegistrableDomain.Of(finalUrl) ?? throw new ArgumentException("A page's URL has a host.", nameof(finalUrl));
        return (domain, FirstName(metadata.PublisherName, metadata.SiteName) ?? domain);
    }

    private static string? FirstName(params string?[] candidates) =>
        candidates.Select(c => c?.Trim()).FirstOrDefault(c => !string.IsNullOrEmpty(c) && c.Length <= 300);
}
