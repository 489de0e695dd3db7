using Archive.Data.Entities;
using Archive.Data.Stores;
using Archive.Engine.Extraction;
using Archive.Engine.Urls;

namespace Archive.Api.Ingestion;

/// <summary>
/// Finds or creates the outlet behind a page: keyed by the registrable domain of its final URL (Public Suffix List),
/// named from JSON-LD publisher, then og:site_name, then the domain itself.
/// </summary>
public sealed class PublisherResolver(PublisherStore store)
{
    public async Task<Publisher?> ResolveAsync(Uri finalUrl, ArticleMetadata metadata, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var domain = RegistrableDomain.Of(finalUrl) ?? throw new ArgumentException("A page's URL has a host.", nameof(finalUrl));
        return await store.FindOrCreateAsync(domain, FirstName(metadata.PublisherName, metadata.SiteName) ?? domain, ct);
    }

    private static string? FirstName(params string?[] candidates) =>
        candidates.Select(c => c?.Trim()).FirstOrDefault(c => !string.IsNullOrEmpty(c) && c.Length <= 300);
}
