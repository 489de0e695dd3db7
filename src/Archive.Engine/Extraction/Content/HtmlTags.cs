namespace Archive.Engine.Extraction.Content;

/// <summary>How the extractor sees HTML element names (AngleSharp gives lower-case local names).</summary>
internal static class HtmlTags
{
    // Switches, not sets: every count, cleaning pass and block walk asks these of each element, and a switch on the
    // name's length and letters answers without hashing it.
    public static bool IsBlock(string tag) => tag is
        "address" or "article" or "aside" or "blockquote" or "body" or "center" or "dd" or "details" or "dialog" or
        "dir" or "div" or "dl" or "dt" or "fieldset" or "figcaption" or "figure" or "footer" or "form" or "h1" or
        "h2" or "h3" or "h4" or "h5" or "h6" or "header" or "hgroup" or "hr" or "li" or "main" or "menu" or "nav" or
        "ol" or "p" or "pre" or "section" or "summary" or "table" or "tbody" or "td" or "tfoot" or "th" or "thead" or
        "tr" or "ul" or "caption" or "html" or "frameset" or "noscript" or "legend" or "option" or "output" or
        "video" or "audio";

    /// <summary>Elements whose own text is a paragraph of the story when long enough.</summary>
    public static bool IsParagraph(string tag) => tag is
        "p" or "pre" or "td" or "li" or "blockquote" or "dd" or "dt" or "h2" or "h3" or "h4" or "h5" or "h6" or "th";

    public static bool IsHeading(string tag) => tag.Length == 2 && tag[0] == 'h' && tag[1] is >= '1' and <= '6';
}
