namespace Archive.Engine.Extraction.Content;

/// <summary>How the extractor sees HTML element names (AngleSharp gives lower-case local names).</summary>
internal static class HtmlTags
{
    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
        "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "ul", "caption", "html", "frameset", "noscript", "legend", "option", "output", "video", "audio",
    };

    /// <summary>Elements whose own text is a paragraph of the story when long enough.</summary>
    private static readonly HashSet<string> Paragraphs = new(StringComparer.Ordinal)
    {
        "p", "pre", "td", "li", "blockquote", "dd", "dt", "h2", "h3", "h4", "h5", "h6", "th",
    };

    public static bool IsBlock(string tag) => Blocks.Contains(tag);

    public static bool IsParagraph(string tag) => Paragraphs.Contains(tag);

    public static bool IsHeading(string tag) => tag.Length == 2 && tag[0] == 'h' && tag[1] is >= '1' and <= '6';
}
