namespace Archive.Engine.Extraction.Output;

/// <summary>Makes hrefs absolute against the page's base and drops ones that cannot be followed.</summary>
/// <remarks>One a page: both block collections and the tables resolve the same links (a page's navigation repeats its
/// hrefs, the classic reading walks again the elements the first collection walked), so each href is resolved once and
/// its answer kept, as building a <see cref="Uri"/> is most of the cost.</remarks>
internal sealed class LinkResolver(Uri? baseUri)
{
    private readonly Dictionary<string, string?> _resolved = new(StringComparer.Ordinal);

    public Uri? BaseUri { get; } = baseUri;

    public string? Resolve(string? href)
    {
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }
        if (!_resolved.TryGetValue(href, out var resolved))
        {
            resolved = Absolute(href);
            _resolved[href] = resolved;
        }
        return resolved;
    }

    private string? Absolute(string href)
    {
        href = href.Trim();
        if (href.StartsWith('#'))
        {
            return null;
        }
        Uri? uri;
        if (BaseUri is not null)
        {
            if (!Uri.TryCreate(BaseUri, href, out uri))
            {
                return null;
            }
        }
        else if (!Uri.TryCreate(href, UriKind.Absolute, out uri))
        {
            return null;
        }
        return uri.Scheme is "http" or "https" or "mailto" ? uri.AbsoluteUri : null;
    }
}
