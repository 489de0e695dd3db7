namespace Archive.Fetching;

/// <summary>
/// What a URL must look like for the archive to take it at all, whether it is fetched or names an uploaded or imported
/// page: absolute http(s), a host, no user-info, at most <see cref="MaxLength"/> characters. The one place these rules
/// live; <see cref="FetchPolicy.Explain(string?)"/> adds what only a fetch needs (a permitted port).
/// </summary>
public static class UrlRules
{
    public const int MaxLength = 2048;

    /// <summary>Why <paramref name="value"/> is not an acceptable URL, or null when it is.</summary>
    public static string? Explain(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "A URL is required.";
        }
        if (value.Length > MaxLength)
        {
            return $"The URL is {value.Length} characters long; at most {MaxLength} are accepted.";
        }
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) ? Explain(uri) : $"'{value}' is not an absolute URL.";
    }

    /// <summary>Why <paramref name="url"/> is not an acceptable URL, or null when it is.</summary>
    public static string? Explain(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            return $"'{url}' is not an absolute URL.";
        }
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            return $"Only http and https URLs can be archived, not '{url.Scheme}'.";
        }
        if (url.UserInfo.Length > 0)
        {
            return "URLs with a user name or password are not accepted.";
        }
        return url.Host.Length == 0 ? "The URL has no host." : null;
    }
}
