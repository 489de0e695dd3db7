using AngleSharp;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Archive.Engine.Extraction;

/// <summary>The engine's one AngleSharp set-up: every stage parses through here so options never drift apart.</summary>
internal static class HtmlParsing
{
    // Scripting on makes <noscript> raw text, which we drop anyway; it saves building throw-away subtrees.
    private static readonly HtmlParserOptions Options = new() { IsScripting = true };

    private static readonly IBrowsingContext Context = BrowsingContext.New(Configuration.Default);

    // HtmlParser keeps per-parse state, so each thread gets its own instance over the shared options and context.
    [ThreadStatic]
    private static HtmlParser? t_parser;

    public static IHtmlDocument Parse(string html) => (t_parser ??= new HtmlParser(Options, Context)).ParseDocument(html);
}
