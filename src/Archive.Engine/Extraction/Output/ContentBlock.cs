using AngleSharp.Dom;

namespace Archive.Engine.Extraction.Output;

internal enum BlockKind
{
    Paragraph,
    Heading,
    ListItem,
    Preformatted,
    Table,
}

/// <summary>One paragraph-level unit of the story, as text and as allow-listed HTML.</summary>
/// <param name="Group">The list or blockquote element it sits in, so HTML output can rebuild the grouping.</param>
internal sealed record ContentBlock(BlockKind Kind, string Text, string Html, int Level, IElement? Group, bool Ordered,
    IElement? Quote, IReadOnlyList<ArticleLink> Links)
{
    /// <summary>Short and mostly link text: a teaser unless it turns out to be an attribution line.</summary>
    public bool LinkHeavy { get; init; }

    /// <summary>Inside a list of links or a teaser card (a snippet of another story closed by a "Read more" link).</summary>
    public bool InLinkFarm { get; init; }

    /// <summary>The block-level element the text was gathered from.</summary>
    public IElement? Element { get; init; }
}
