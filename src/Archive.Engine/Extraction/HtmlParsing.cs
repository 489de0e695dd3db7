using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Construction;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens.Struct;
using Archive.Engine.Extraction.Nesting;

namespace Archive.Engine.Extraction;

/// <summary>
/// A parsed page: the DOM, plus the JSON-LD blocks lifted from the source before scripts were cut out. TextCut: the page
/// held more text than <see cref="ExtractionLimits.MaxTextChars"/> and the DOM holds its first part only. Elements: how
/// many elements the parsed document held (0 when not counted).
/// </summary>
internal sealed record ParsedPage(IHtmlDocument Document, IReadOnlyList<string> JsonLd, bool TextCut = false, int Elements = 0)
{
    private Metadata.JsonLdFindings? _jsonLdFindings;

    /// <summary>The JSON-LD scripts read once for the page: metadata, the product description and the fallback all ask.</summary>
    public Metadata.JsonLdFindings JsonLdFindings => _jsonLdFindings ??= Metadata.JsonLdReader.Scan(JsonLd);
}

/// <summary>
/// The engine's one AngleSharp set-up: every stage parses through here so options never drift apart.
/// Parsing dominates extraction time, so scripts, styles and comments are cut out first (<see cref="HtmlPrefilter"/>)
/// and the tokenizer skips the rest of what no stage reads: source positions and attributes other than the few used.
/// <para>
/// Every document the engine walks comes from here, and here its size is bounded: <see cref="NestingLimiter"/> keeps the
/// markup within the nesting, size and width of <see cref="ExtractionLimits"/> before parsing; a tree that still grows
/// deeper than <see cref="ExtractionLimits.MaxTreeDepth"/> (<see cref="DepthWatch"/> follows it during the parse and
/// <see cref="DocumentDepth"/> measures it after), or a parse that outlasts <see cref="ExtractionLimits.ParseBudget"/>,
/// fails the page with <see cref="PageTooComplexException"/>. So the stages' recursive walks (and AngleSharp's own,
/// such as TextContent) never go deeper than MaxTreeDepth frames, whatever the input.
/// </para>
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
        OnCreated = DepthWatch.OnCreated,
    };

    // Without attribute observers: AngleSharp's default one runs for every attribute of every element the parser
    // creates, to keep the state of a live browser in step (class lists, the document's base URL, a link's or image's
    // resource, an input's type), state no stage reads (they read attributes) and no stage changes an attribute.
    private static readonly IBrowsingContext Context = BrowsingContext.New(Configuration.Default.Without<IAttributeObserver>());

    // HtmlParser keeps per-parse state, so each thread gets its own instance over the shared options and context.
    [ThreadStatic]
    private static HtmlParser? t_parser;

    public static ParsedPage Parse(string html, ExtractionLimits? limits = null) => Parse(HtmlPrefilter.Filter(html), limits);

    /// <summary>A page held in a buffer (a pooled decode): read by the prefilter only, whose output is the parser's string.</summary>
    public static ParsedPage Parse(ReadOnlyMemory<char> html, ExtractionLimits? limits = null) => Parse(HtmlPrefilter.Filter(html), limits);

    private static ParsedPage Parse((string Html, IReadOnlyList<string> JsonLd) prefiltered, ExtractionLimits? limits)
    {
        limits ??= ExtractionLimits.Default;
        var (filtered, jsonLd) = prefiltered;
        var limited = NestingLimiter.Limit(filtered, limits, out var textCut);
        var parser = t_parser ??= new HtmlParser(Options, Context);
        IHtmlDocument document;
        using (DepthWatch.Start(limits.MaxTreeDepth))
        using (var budget = new CancellationTokenSource(limits.ParseBudget))
        {
            try
            {
                // The asynchronous parse checks the token between tokens; over a string it completes synchronously.
                document = parser.ParseDocumentAsync(limited, budget.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException ex)
            {
                throw new PageTooComplexException($"Parsing the page took longer than {limits.ParseBudget.TotalSeconds:F0} s.", ex);
            }
            catch (Exception ex) when (ex is NullReferenceException or ArgumentException or InvalidOperationException)
            {
                // AngleSharp 1.5 throws on some tag soup: "<div><select><button><th><template></template></div></td></em>"
                // does, parsed whole (the prefilter happens to cut that template out). Whatever else does is a bad page.
                throw new PageTooComplexException($"The HTML parser could not build this page's tree ({ex.GetType().Name}).", ex);
            }
        }
        ReleaseBuffer(document, limited.Length);
        var depth = DocumentDepth.Of(document, out var elements);
        if (depth > limits.MaxTreeDepth)
        {
            throw new PageTooComplexException($"The page nests {depth} elements deep; at most {limits.MaxTreeDepth} are processed.");
        }
        return new ParsedPage(document, jsonLd, textCut, elements);
    }

    /// <summary>Pages up to this many characters give the tokenizer's buffer back to the shared pool after the parse.</summary>
    private const int PooledBufferChars = 1 << 20;

    // The tokenizer rents a buffer of the page's size from the shared array pool, holds each token's text in it until the
    // DOM takes it as a string, and gives it back only when its builder is disposed; AngleSharp ties that to disposing
    // the document (which also empties it), so without this every parse left a new buffer of up to twice the page's
    // size to the collector. The DOM holds strings, never the buffer. A page larger than PooledBufferChars leaves its
    // buffer to the collector as before, so the pool never keeps a giant page's buffer alive.
    private static void ReleaseBuffer(IHtmlDocument document, int length)
    {
        if (length <= PooledBufferChars && document is IConstructableDocument constructed && constructed.Builder is { } builder)
        {
            constructed.Builder = null;
            builder.Dispose();
        }
    }

    private static bool KeepAttribute(ref StructHtmlToken token, ReadOnlyMemory<char> name) => name.Span switch
    {
        "class" or "id" or "href" or "itemprop" or "role" or "hidden" or "aria-hidden" or "style" or "rel" or "content"
            or "property" or "name" or "http-equiv" or "lang" or "datetime" or "itemtype" or "xml:lang" => true,
        _ => false,
    };
}
