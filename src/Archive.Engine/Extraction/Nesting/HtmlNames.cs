using System.Collections.Frozen;

namespace Archive.Engine.Extraction.Nesting;

/// <summary>
/// The element categories of the HTML tree-construction algorithm (WHATWG HTML §13.2.6) that decide how deep the parser
/// nests: which elements never open, which open raw text, which end tags close what. Names are lower-case ASCII.
/// </summary>
internal static class HtmlNames
{
    public static readonly FrozenSet<string> Void = Set(
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input", "keygen", "link",
        "meta", "param", "source", "track", "wbr");

    /// <summary>Elements whose content the tokenizer reads as text up to their own end tag (plaintext: to the end).</summary>
    public static readonly FrozenSet<string> RawText = Set(
        "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title", "plaintext");

    public static readonly FrozenSet<string> Formatting = Set(
        "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u");

    /// <summary>Elements that push a marker onto the list of active formatting elements.</summary>
    public static readonly FrozenSet<string> Marker = Set("applet", "object", "marquee", "template", "td", "th", "caption");

    public static readonly FrozenSet<string> Special = Set(
        "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote", "body", "br", "button",
        "caption", "center", "col", "colgroup", "dd", "details", "dir", "div", "dl", "dt", "embed", "fieldset", "figcaption",
        "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr",
        "html", "iframe", "img", "input", "keygen", "li", "link", "listing", "main", "marquee", "menu", "meta", "nav",
        "noembed", "noframes", "noscript", "object", "ol", "p", "param", "plaintext", "pre", "script", "search", "section",
        "select", "source", "style", "summary", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead",
        "title", "tr", "track", "ul", "wbr", "xmp");

    /// <summary>Special elements whose start tag still re-opens closed formatting elements (as every non-special one does).</summary>
    public static readonly FrozenSet<string> ReconstructsFormatting = Set(
        "applet", "marquee", "object", "area", "br", "embed", "img", "keygen", "wbr", "input", "select", "xmp", "image");

    /// <summary>Start tags that close an open &lt;p&gt; in button scope.</summary>
    public static readonly FrozenSet<string> ClosesParagraph = Set(
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
        "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p", "search", "section", "summary",
        "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing", "form", "plaintext", "xmp", "hr", "li", "dd", "dt");

    /// <summary>Start tags that leave SVG or MathML content and go back to HTML.</summary>
    public static readonly FrozenSet<string> ForeignBreakout = Set(
        "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed", "h1", "h2", "h3",
        "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s",
        "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var");

    /// <summary>SVG elements inside which HTML is parsed as HTML again (HTML integration points).</summary>
    public static readonly FrozenSet<string> SvgIntegrationPoint = Set("foreignobject", "desc", "title");

    /// <summary>MathML elements inside which start tags are HTML again (text integration points).</summary>
    public static readonly FrozenSet<string> MathTextIntegrationPoint = Set("mi", "mo", "mn", "ms", "mtext");

    /// <summary>Elements that end the "in scope" search (the default scope); foreign ones only count inside SVG/MathML.</summary>
    public static readonly FrozenSet<string> ScopeBoundary = Set(
        "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template");

    public static readonly FrozenSet<string> Heading = Set("h1", "h2", "h3", "h4", "h5", "h6");

    public static readonly FrozenSet<string> TableSection = Set("tbody", "thead", "tfoot");

    /// <summary>End tags that close their element anywhere in (default) scope, crossing other special elements.</summary>
    public static readonly FrozenSet<string> ClosesInScope = Set(
        "address", "article", "aside", "blockquote", "button", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
        "figcaption", "figure", "footer", "header", "hgroup", "listing", "main", "menu", "nav", "ol", "pre", "search",
        "section", "summary", "ul", "dd", "dt", "applet", "marquee", "object");

    private static FrozenSet<string> Set(params string[] names) => names.ToFrozenSet(StringComparer.Ordinal);

    // Every set a name belongs to, looked up once per name: the limiter asks several sets about every tag and the
    // scope searches ask them about every open element they pass.
    private static readonly FrozenDictionary<string, TagKind> Kinds = BuildKinds();

    /// <summary>The sets above that hold <paramref name="name"/>, as flags.</summary>
    public static TagKind KindOf(string name) => Kinds.GetValueOrDefault(name);

    private static FrozenDictionary<string, TagKind> BuildKinds()
    {
        var kinds = new Dictionary<string, TagKind>(StringComparer.Ordinal);
        foreach (var (set, kind) in SetsByKind)
        {
            foreach (var name in set)
            {
                kinds[name] = kinds.GetValueOrDefault(name) | kind;
            }
        }
        return kinds.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Each set beside its flag; <see cref="KindOf"/> is built from these.</summary>
    internal static IEnumerable<(FrozenSet<string> Set, TagKind Kind)> SetsByKind =>
    [
        (Void, TagKind.Void), (RawText, TagKind.RawText), (Formatting, TagKind.Formatting), (Marker, TagKind.Marker),
        (Special, TagKind.Special), (ReconstructsFormatting, TagKind.ReconstructsFormatting),
        (ClosesParagraph, TagKind.ClosesParagraph), (ForeignBreakout, TagKind.ForeignBreakout),
        (SvgIntegrationPoint, TagKind.SvgIntegrationPoint), (MathTextIntegrationPoint, TagKind.MathTextIntegrationPoint),
        (ScopeBoundary, TagKind.ScopeBoundary), (Heading, TagKind.Heading), (TableSection, TagKind.TableSection),
        (ClosesInScope, TagKind.ClosesInScope),
    ];
}

/// <summary>Which of <see cref="HtmlNames"/>' sets a tag name is in.</summary>
[Flags]
internal enum TagKind
{
    None = 0,
    Void = 1,
    RawText = 1 << 1,
    Formatting = 1 << 2,
    Marker = 1 << 3,
    Special = 1 << 4,
    ReconstructsFormatting = 1 << 5,
    ClosesParagraph = 1 << 6,
    ForeignBreakout = 1 << 7,
    SvgIntegrationPoint = 1 << 8,
    MathTextIntegrationPoint = 1 << 9,
    ScopeBoundary = 1 << 10,
    Heading = 1 << 11,
    TableSection = 1 << 12,
    ClosesInScope = 1 << 13,
}

/// <summary>A lower-case tag name and the sets it is in.</summary>
internal readonly record struct Tag(string Name, TagKind Kind)
{
    public Tag(string name) : this(name, HtmlNames.KindOf(name))
    {
    }

    public bool Is(TagKind kind) => (Kind & kind) != 0;
}
