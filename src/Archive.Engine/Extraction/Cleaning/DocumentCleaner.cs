using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Archive.Engine.Extraction.Content;

namespace Archive.Engine.Extraction.Cleaning;

/// <summary>
/// Stage "clean": removes what can never be story text (scripts, media, forms, hidden nodes), then page furniture
/// recognised by element role or class/id vocabulary. A furniture-named container is kept when it holds most of the
/// page's prose or the marked-up story body, so a "has-sidebar" wrapper around the whole article survives.
/// </summary>
internal static class DocumentCleaner
{
    internal static bool IsNeverContent(string tag) => tag is
        "script" or "style" or "noscript" or "template" or "svg" or "canvas" or "iframe" or "object" or "embed" or
        "video" or "audio" or "picture" or "img" or "source" or "map" or "input" or "button" or "select" or
        "textarea" or "option" or "link" or "meta" or "nav" or "aside" or "footer" or "figure" or "figcaption" or
        "dialog" or "menu" or "head" or "title" or "base" or "track" or "param" or "math" or "fieldset" or "label";

    private static readonly HashSet<string> FurnitureRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "search", "menu", "menubar",
        "toolbar", "tablist", "form", "button",
    };

    public static void Clean(IHtmlDocument document)
    {
        if (document.Body is not { } body)
        {
            return;
        }
        RemoveAll(MediaBoxes(body));
        RemoveStructure(body, keepSections: false, DocumentStatistics.Compute(body));
        RemoveFurniture(document);
    }

    /// <summary>Image wrappers whose only text is a short caption or credit.</summary>
    public static List<IElement> MediaBoxes(IElement body)
    {
        var boxes = new List<IElement>();
        CollectMediaBoxes(body, boxes);
        return boxes;
    }

    /// <summary>
    /// Removes what can never be story text. With <paramref name="keepSections"/>, headers and forms stay: the block
    /// scorer reads them as context (forum posts sit in forms, a product's name in a header), and the classic pass
    /// removes them later. An element that holds most of the page's prose is the page, whatever its tag or visibility:
    /// a story inside an unclosed &lt;aside&gt;, posts rendered only in &lt;noscript&gt;, content streamed into a hidden
    /// container for a script to move into place. Its furniture inside is still removed.
    /// </summary>
    public static void RemoveStructure(IElement body, bool keepSections, DocumentStatistics stats)
    {
        var doomed = new List<IElement>();
        CollectStructural(body, doomed, new StructureContext(keepSections, stats, stats[body].Prose));
        RemoveAll(doomed);
    }

    private sealed record StructureContext(bool KeepSections, DocumentStatistics Stats, int BodyProse)
    {
        public bool HoldsThePage(IElement element)
        {
            var prose = Stats[element].Prose;
            return prose >= MinPageProse && prose * 2 > BodyProse;
        }
    }

    private const int MinPageProse = 200;
    private const int MaxButtonChars = 80;

    /// <summary>Removes page furniture recognised by class/id vocabulary, sparing wrappers that hold most of the prose.</summary>
    /// <param name="before">Statistics of the body from before earlier removals, if any (<see cref="DocumentStatistics.Compute"/>).</param>
    /// <param name="spent">A table of the same page nobody reads any more, to count into (<see cref="DocumentStatistics.Recount"/>).</param>
    public static void RemoveFurniture(IHtmlDocument document, DocumentStatistics? before = null, DocumentStatistics? spent = null)
    {
        if (document.Body is not { } body)
        {
            return;
        }
        var doomed = new List<IElement>();
        var stats = spent?.Recount(body) ?? DocumentStatistics.Compute(body, before);
        var bodyProse = Math.Max(1, stats[body].Prose);
        var marked = MarkedBodies(document);
        CollectFurniture(body, new FurnitureContext(stats, bodyProse, marked), doomed);
        RemoveAll(doomed);
    }

    public static void RemoveAll(List<IElement> doomed)
    {
        foreach (var element in doomed)
        {
            // A box may sit inside another doomed box; removing it twice is harmless only if it still has a parent.
            if (element.Parent is not null)
            {
                element.Remove();
            }
        }
        doomed.Clear();
    }

    private const int MaxCaptionChars = 250;

    // An image wrapper whose only text is short is a photo with its caption and credit, whatever its class names.
    private static void CollectMediaBoxes(IElement body, List<IElement> doomed)
    {
        var images = new List<IElement>();
        DomChildren.Descendants(body, "img", images);
        foreach (var image in images)
        {
            var box = image.ParentElement;
            for (var level = 0; box is not null && level < 3; level++, box = box.ParentElement)
            {
                if (box.LocalName is not ("div" or "span" or "a" or "picture" or "figure" or "center"))
                {
                    break;
                }
                var chars = NonSpaceLength(box, MaxCaptionChars + 1);
                if (chars > MaxCaptionChars)
                {
                    break;
                }
                if (chars > 0)
                {
                    doomed.Add(box);
                    break;
                }
            }
        }
    }

    // Counts text without building the subtree's string, stopping at the limit: boxes can be whole articles.
    private static int NonSpaceLength(INode node, int limit)
    {
        var count = 0;
        var children = node.ChildNodes;
        for (var i = 0; i < children.Length && count < limit; i++)
        {
            var child = children[i];
            if (child.NodeType == NodeType.Text)
            {
                foreach (var ch in child.TextContent)
                {
                    if (!char.IsWhiteSpace(ch) && ++count >= limit)
                    {
                        break;
                    }
                }
            }
            else if (child.NodeType == NodeType.Element)
            {
                count += NonSpaceLength(child, limit - count);
            }
        }
        return count;
    }

    private static void CollectStructural(IElement element, List<IElement> doomed, StructureContext context)
    {
        foreach (var child in element.ElementChildren())
        {
            if (IsStructuralJunk(child, context) && !context.HoldsThePage(child))
            {
                doomed.Add(child);
            }
            else
            {
                CollectStructural(child, doomed, context);
            }
        }
    }

    private static bool IsStructuralJunk(IElement element, StructureContext context)
    {
        var keepSections = context.KeepSections;
        var tag = element.LocalName;
        if (keepSections && tag is "header" or "form" or "fieldset" or "label")
        {
            return false;
        }
        if (IsNeverContent(tag))
        {
            // A <figure> that wraps a quotation or a table is content; one that wraps media is not.
            return tag != "figure" || element.QuerySelector("blockquote, table, p") is null;
        }
        if (tag == "header")
        {
            return true;
        }
        if (element.HasAttribute("hidden") || element.Attribute("aria-hidden") == "true" && tag != "span")
        {
            return true;
        }
        var role = element.Attribute("role");
        if (role is not null && FurnitureRoles.Contains(role) && !(keepSections && role == "form"))
        {
            // A clickable card (a headline and its summary made role="button") is content; a button's label is short.
            return role != "button" || context.Stats[element].Text <= MaxButtonChars;
        }
        var style = element.Attribute("style");
        return style is not null && IsHiddenStyle(style);
    }

    private static bool IsHiddenStyle(string style)
    {
        var compact = style.Replace(" ", string.Empty, StringComparison.Ordinal);
        return compact.Contains("display:none", StringComparison.OrdinalIgnoreCase)
            || compact.Contains("visibility:hidden", StringComparison.OrdinalIgnoreCase);
    }

    // Elements the markup itself calls the story body, and their ancestors, are never furniture.
    private static HashSet<IElement> MarkedBodies(IHtmlDocument document)
    {
        var protectedElements = new HashSet<IElement>(ReferenceEqualityComparer.Instance);
        foreach (var marked in document.QuerySelectorAll("[itemprop~='articleBody' i]"))
        {
            for (IElement? element = marked; element is not null && protectedElements.Add(element); element = element.ParentElement)
            {
            }
        }
        return protectedElements;
    }

    private sealed record FurnitureContext(DocumentStatistics Stats, int BodyProse, HashSet<IElement> Protected)
    {
        public HashSet<INode> FlowParents { get; } = new(ReferenceEqualityComparer.Instance);
        public HashSet<IElement> InFlow { get; } = new(ReferenceEqualityComparer.Instance);
    }

    private static void CollectFurniture(IElement element, FurnitureContext context, List<IElement> doomed)
    {
        foreach (var child in element.ElementChildren())
        {
            if (IsFurniture(child, context))
            {
                doomed.Add(child);
            }
            else
            {
                CollectFurniture(child, context, doomed);
            }
        }
    }

    private static bool IsFurniture(IElement element, FurnitureContext context)
    {
        if (context.Protected.Contains(element))
        {
            return false;
        }
        var (stats, bodyProse) = (context.Stats, context.BodyProse);
        var tag = element.LocalName;
        if (tag is "body" or "main" or "article" or "a" or "table" or "tbody" or "tr" or "td")
        {
            return false;
        }
        var names = BoilerplateHints.ClassAndId(element);
        if (names.Length == 0)
        {
            return false;
        }
        // An inline element inside a sentence ("threatened <span class=hover-card>Rep. X</span> (D-Minn.)") carries words
        // of that sentence whatever it is named; removing it whole would cut the sentence.
        if (!HtmlTags.IsBlock(tag) && InTextFlow(element, context))
        {
            return false;
        }
        if (!IsFurnitureName(names))
        {
            return false;
        }
        // Embedded posts (tweets, Instagram) quoted by the story sit in "social-embed" wrappers.
        if (names.Contains("embed", StringComparison.OrdinalIgnoreCase) && element.QuerySelector("blockquote") is not null)
        {
            return false;
        }
        // Protect wrappers that hold the bulk of the story.
        var prose = stats[element].Prose;
        return prose * 2 < bodyProse || prose < 200;
    }

    // Whether a non-blank text node stands beside the element with no block between them. Worked out once per parent
    // for all its children, since a parent may hold thousands of named inline elements.
    private static bool InTextFlow(IElement element, FurnitureContext context)
    {
        if (element.Parent is not { } parent)
        {
            return false;
        }
        if (context.FlowParents.Add(parent))
        {
            var run = new List<IElement>();
            var text = false;
            var children = parent.ChildNodes;
            for (var i = 0; i <= children.Length; i++)
            {
                var child = i < children.Length ? children[i] : null;
                if (child is null || child is IElement block && HtmlTags.IsBlock(block.LocalName))
                {
                    if (text)
                    {
                        context.InFlow.UnionWith(run);
                    }
                    run.Clear();
                    text = false;
                }
                else if (child is IElement inline)
                {
                    run.Add(inline);
                }
                else if (child.NodeType == NodeType.Text && !string.IsNullOrWhiteSpace(child.TextContent))
                {
                    text = true;
                }
            }
        }
        return context.InFlow.Contains(element);
    }

    private static bool IsFurnitureName(string names)
    {
        var hints = BoilerplateHints.Hints(names);
        var strong = hints.HasFlag(NameHints.StrongNegative);
        var weak = !strong && hints.HasFlag(NameHints.WeakNegative) && !hints.HasFlag(NameHints.Positive);
        if (!strong && !weak)
        {
            return false;
        }
        return !hints.HasFlag(NameHints.ArticleBody) || LooksLikeBodyWithQualifier(names);
    }

    // "article-body-related" or "post-content-share" name furniture that sits inside the body.
    private static bool LooksLikeBodyWithQualifier(string names) =>
        names.Contains("related", StringComparison.OrdinalIgnoreCase)
        || names.Contains("share", StringComparison.OrdinalIgnoreCase)
        || names.Contains("comment", StringComparison.OrdinalIgnoreCase)
        || names.Contains("newsletter", StringComparison.OrdinalIgnoreCase);
}
