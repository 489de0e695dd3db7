using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Archive.Engine.Extraction.Content;
using Archive.Engine.Extraction.Output;

namespace Archive.Engine.Extraction.Metadata;

/// <summary>
/// Stage "metadata": reads the page's own description of the article, before cleaning removes the head and bylines.
/// Each field takes the first source that has it, in this order:
/// <list type="bullet">
/// <item>Title: JSON-LD headline, og:title, twitter:title, dc.title, first &lt;h1&gt;, &lt;title&gt;.</item>
/// <item>Authors: JSON-LD author, meta author / article:author / dc.creator / parsely-author, itemprop=author,
/// rel=author links, visible "By …" byline elements.</item>
/// <item>Published: JSON-LD datePublished, article:published_time, og/dc/parsely/sailthru date tags, itemprop=datePublished,
/// first &lt;time datetime&gt;. Modified: JSON-LD dateModified, article:modified_time, og:updated_time, itemprop=dateModified.
/// Dates keep the raw string and are normalised to UTC (no offset given means UTC).</item>
/// <item>Language: &lt;html lang&gt;, JSON-LD inLanguage, content-language / dc.language, og:locale.</item>
/// <item>Canonical URL: link rel=canonical, og:url, JSON-LD url/mainEntityOfPage — made absolute against the page URL.</item>
/// <item>Publisher: JSON-LD publisher (or a top-level Organization), og:site_name, application-name.
/// Site name: og:site_name, application-name, JSON-LD publisher.</item>
/// <item>Description: og:description, meta description, twitter:description, JSON-LD description.</item>
/// <item>IsBasedOn: JSON-LD isBasedOn and isBasedOnUrl, absolute.</item>
/// </list>
/// </summary>
internal static class MetadataExtractor
{
    /// <param name="tags">What the page's markup says (<see cref="PageSignals.Read"/>), read before any cleaning.</param>
    public static ArticleMetadata Extract(ParsedPage page, PageSignals tags, Uri? pageUrl)
    {
        var document = page.Document;
        var jsonLd = page.JsonLdFindings.Article;

        var title = First(jsonLd?.Headline, tags["og:title"], tags["twitter:title"], tags["dc.title"],
            tags.FirstHeading, TitleElement(document));
        var authors = Authors(jsonLd, tags);
        var (publishedRaw, published) = FirstDate(jsonLd?.DatePublished, tags["article:published_time"],
            tags["og:published_time"], tags["article:published"], tags["datepublished"], tags["pubdate"], tags["publishdate"],
            tags["publish-date"], tags["parsely-pub-date"], tags["sailthru.date"], tags["dc.date.issued"], tags["dc.date"],
            tags["date"], tags.ItemPublished, tags.FirstTime);
        var (modifiedRaw, modified) = FirstDate(jsonLd?.DateModified, tags["article:modified_time"], tags["og:updated_time"],
            tags["datemodified"], tags["last-modified"], tags.ItemModified);
        var siteName = First(tags["og:site_name"], tags["application-name"], jsonLd?.Publisher);
        var canonical = First(tags.Canonical, tags["og:url"], jsonLd?.Url);
        var links = new LinkResolver(pageUrl);

        return new ArticleMetadata
        {
            Title = title,
            Authors = authors,
            Byline = authors.Count > 0 ? string.Join(", ", authors) : null,
            PublishedRaw = publishedRaw,
            PublishedAt = published,
            ModifiedRaw = modifiedRaw,
            ModifiedAt = modified,
            Language = First(document.DocumentElement.Attribute("lang"), jsonLd?.Language, tags["content-language"],
                tags["dc.language"], tags["og:locale"]?.Replace('_', '-')),
            CanonicalUrl = canonical is null ? null : links.Resolve(canonical) ?? canonical,
            PublisherName = First(jsonLd?.Publisher, siteName),
            SiteName = siteName,
            Description = First(tags["og:description"], tags["description"], tags["twitter:description"], jsonLd?.Description),
            IsBasedOn = jsonLd is null ? [] : [.. jsonLd.IsBasedOn.Select(u => links.Resolve(u) ?? u).Distinct(StringComparer.Ordinal)],
        };
    }

    private static List<string> Authors(JsonLdArticle? jsonLd, PageSignals tags)
    {
        if (jsonLd is { Authors.Count: > 0 })
        {
            return [.. jsonLd.Authors];
        }
        var fromTags = First(tags["author"], NonUrl(tags["article:author"]), tags["dc.creator"], tags["parsely-author"],
            tags["sailthru.author"], tags["byl"]);
        if (fromTags is not null)
        {
            return [StripBy(fromTags)];
        }
        return tags.Bylines;
    }

    private static string StripBy(string value)
    {
        var trimmed = value.Trim();
        return trimmed.StartsWith("By ", StringComparison.OrdinalIgnoreCase) ? trimmed[3..].Trim() : trimmed;
    }

    private static string? NonUrl(string? value) =>
        value is null || value.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? null : value;

    private static (string? Raw, DateTimeOffset? Value) FirstDate(params string?[] raws)
    {
        foreach (var raw in raws)
        {
            if (DateParser.TryParse(raw, out var value))
            {
                return (raw!.Trim(), value);
            }
        }
        return (null, null);
    }



    private static string? TitleElement(IHtmlDocument document) => string.IsNullOrWhiteSpace(document.Title) ? null : document.Title.Trim();

    private static string? First(params string?[] values)
    {
        foreach (var value in values)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                return System.Net.WebUtility.HtmlDecode(value.Trim());
            }
        }
        return null;
    }
}
