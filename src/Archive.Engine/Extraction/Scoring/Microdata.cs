using AngleSharp.Dom;
using Archive.Engine.Extraction.Content;

namespace Archive.Engine.Extraction.Scoring;

/// <summary>
/// Families of schema.org microdata (itemprop, itemtype) that say what an element holds: the body text of a
/// work, a post or answer, a product, navigation, a list of items, or facts about the author and dates.
/// </summary>
internal static class Microdata
{
    public static readonly string[] Families = ["body", "post", "product", "navigation", "list", "facts"];

    public static int Count => Families.Length;

    public static int Mask(IElement element)
    {
        var mask = 0;
        if (element.Attribute("itemprop") is { Length: > 0 } property)
        {
            mask |= Has(property, "articleBody", "text", "description", "reviewBody", "acceptedAnswer", "suggestedAnswer", "comment") ? 1 : 0;
            mask |= Has(property, "author", "creator", "datePublished", "dateModified", "dateCreated", "publisher", "breadcrumb") ? 1 << 5 : 0;
        }
        if (element.Attribute("itemtype") is { Length: > 0 } type)
        {
            mask |= Has(type, "Comment", "Answer", "Question", "DiscussionForumPosting", "SocialMediaPosting", "Review") ? 1 << 1 : 0;
            mask |= Has(type, "Product", "Offer", "AggregateOffer") ? 1 << 2 : 0;
            mask |= Has(type, "BreadcrumbList", "SiteNavigationElement", "WPHeader", "WPFooter", "WPSideBar") ? 1 << 3 : 0;
            mask |= Has(type, "ItemList", "OfferCatalog") || type.EndsWith("/ListItem", StringComparison.Ordinal) ? 1 << 4 : 0;
        }
        return mask;
    }

    private static bool Has(string value, params ReadOnlySpan<string> words)
    {
        foreach (var word in words)
        {
            if (value.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
