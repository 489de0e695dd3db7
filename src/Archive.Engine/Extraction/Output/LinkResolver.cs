namespace Archive.Engine.Extraction.Output;

/// <summary>Makes hrefs absolute against the page's base and drops ones that cannot be followed.</summary>
internal sealed class LinkResolver(Uri? baseUri)
{
    public Uri? BaseUri { get; } = baseUri;

    public string? Resolve(string? href)
    {
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }
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
