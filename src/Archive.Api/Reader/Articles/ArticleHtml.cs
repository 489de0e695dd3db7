using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;
using Microsoft.Extensions.Caching.Memory;

namespace Archive.Api.Reader.Articles;

/// <summary>
/// The clean article as HTML a browser may show on the archive's origin: the version's clean HTML (never the captured
/// markup) through HtmlSanitizer with a short allow-list of text elements, no attributes but a few inert ones, links only
/// to http(s) and mailto with <c>rel="nofollow noopener noreferrer ugc"</c>. No class, id or style survives, so the page's
/// own CSS and anchors cannot be reached from captured text.
/// </summary>
public sealed class ArticleHtml : IDisposable
{
    /// <summary>Deeper than this, the clean HTML is shown as its plain text: serialising the tree recurses with its depth.</summary>
    public const int MaxDepth = 200;

    private static readonly string[] Tags =
    [
        "p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "q", "cite", "em", "strong", "b", "i", "u", "s", "sub",
        "sup", "small", "code", "pre", "kbd", "abbr", "a", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "hr", "dl",
        "dt", "dd", "figure", "figcaption", "span", "time", "mark", "del", "ins",
    ];

    private readonly HtmlSanitizer _sanitizer;
    private readonly HtmlParser _parser = new();
    // Sanitising is the page's costliest step and its input rarely changes: results are kept by the input's hash (so a
    // re-extracted version is sanitised afresh), up to 32 MiB of output.
    private readonly MemoryCache _rendered = new(new MemoryCacheOptions { SizeLimit = 32 * 1024 * 1024 });

    public ArticleHtml()
    {
        _sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(Tags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href", "title", "colspan", "rowspan", "lang", "dir", "datetime", "cite"],
                StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "cite"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        });
        // Relative links in captured text would point into the archive itself: only absolute ones are kept.
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement { LocalName: "a" } link)
            {
                var href = link.GetAttribute("href");
                if (href is null || !Uri.TryCreate(href, UriKind.Absolute, out Uri? _))
                {
                    link.RemoveAttribute("href");
                }
                else
                {
                    link.SetAttribute("rel", "nofollow noopener noreferrer ugc");
                }
            }
        };
    }

    /// <summary>Safe HTML for <paramref name="cleanHtml"/>, or <paramref name="text"/> as paragraphs when the HTML is too deep.</summary>
    public string Render(string cleanHtml, string text)
    {
        ArgumentNullException.ThrowIfNull(cleanHtml);
        ArgumentNullException.ThrowIfNull(text);
        var key = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(cleanHtml)));
        if (_rendered.TryGetValue(key, out string? cached))
        {
            return cached!;
        }
        var html = Sanitise(cleanHtml, text);
        _rendered.Set(key, html, new MemoryCacheEntryOptions { Size = html.Length + 64, SlidingExpiration = TimeSpan.FromHours(1) });
        return html;
    }

    private string Sanitise(string cleanHtml, string text)
    {
        var document = _parser.ParseDocument($"<!DOCTYPE html><html><body>{cleanHtml}</body></html>");
        if (Depth(document.Body!) > MaxDepth)
        {
            return Paragraphs(text);
        }
        lock (_sanitizer)
        {
            _sanitizer.SanitizeDom(document, (AngleSharp.Html.Dom.IHtmlElement)document.Body!);
        }
        return document.Body!.InnerHtml;
    }

    public void Dispose() => _rendered.Dispose();

    public static string Paragraphs(string text) =>
        string.Concat(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>"));

    /// <summary>The tree's depth below <paramref name="root"/>, walked with an explicit stack (never recursion).</summary>
    private static int Depth(IElement root)
    {
        var deepest = 0;
        var stack = new Stack<(IElement Element, int Depth)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (element, depth) = stack.Pop();
            deepest = Math.Max(deepest, depth);
            if (deepest > MaxDepth)
            {
                break;
            }
            foreach (var child in element.Children)
            {
                stack.Push((child, depth + 1));
            }
        }
        return deepest;
    }
}
