using AngleSharp;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens.Struct;

namespace Archive.Engine.Extraction;

/// <summary>A parsed page: the DOM, plus the JSON-LD blocks lifted from the source before scripts were cut out.</summary>
internal sealed record ParsedPage(IHtmlDocument Document, IReadOnlyList<string> JsonLd);

/// <summary>
/// The engine's one AngleSharp set-up: every stage parses through here so options never drift apart.
/// Parsing dominates extraction time, so scripts, styles and comments are cut out first (<see cref="HtmlPrefilter"/>)
/// and the tokenizer skips the rest of what no stage reads: source positions and attributes other than the few used.
/// </summary>
internal static class HtmlParsing
{
    private static readonly HtmlParserOptions Options = new()
    {
        // Scripting off, as for a reader without JavaScript: <noscript> is markup. Its fallbacks are removed with the
        // page structure, unless they are the page (forums and apps that render their posts only for such readers).
        IsScripting = false,
        IsNotConsumingCharacterReferences = false,
        DisableElementPositionTracking = true,
        SkipComments = true,
        SkipScriptText = true,
        SkipRawText = true,
        SkipCDATA = true,
        SkipProcessingInstructions = true,
        ShouldEmitAttribute = KeepAttribute,
    };

    private static readonly IBrowsingContext Context = BrowsingContext.New(Configuration.Default);

    // HtmlParser keeps per-parse state, so each thread gets its own instance over the shared options and context.
    [ThreadStatic]
    private static HtmlParser? t_parser;

    public static ParsedPage Parse(string html)
    {
        var (filtered, jsonLd) = HtmlPrefilter.Filter(html);
        var document = (t_parser ??= new HtmlParser(Options, Context)).ParseDocument(filtered);
        return new ParsedPage(document, jsonLd);
    }

    private static bool KeepAttribute(ref StructHtmlToken token, ReadOnlyMemory<char> name) => name.Span switch
    {
        "class" or "id" or "href" or "itemprop" or "role" or "hidden" or "aria-hidden" or "style" or "rel" or "content"
            or "property" or "name" or "http-equiv" or "lang" or "datetime" or "itemtype" or "xml:lang" => true,
        _ => false,
    };
}
