using System.Collections.Frozen;
using System.Reflection;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Archive.Engine.Extraction;
using Archive.Engine.Extraction.Cleaning;
using Archive.Engine.Extraction.Content;
using Archive.Engine.Extraction.Nesting;
using Archive.Engine.Extraction.Output;
using Archive.Engine.Lineage;

namespace Archive.Engine.Tests.Extraction;

/// <summary>The tag sets asked of every element, written as switches and flags, answer as the sets they replaced.</summary>
public sealed class TagSetTests
{
    // The sets as they stood before they became switches (ext35).
    private static readonly HashSet<string> OldBlocks =
    [
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
        "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "ul", "caption", "html", "frameset", "noscript", "legend", "option", "output", "video", "audio",
    ];

    private static readonly HashSet<string> OldParagraphs =
        ["p", "pre", "td", "li", "blockquote", "dd", "dt", "h2", "h3", "h4", "h5", "h6", "th"];

    private static readonly HashSet<string> OldNeverContent =
    [
        "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed", "video", "audio", "picture",
        "img", "source", "map", "input", "button", "select", "textarea", "option", "link", "meta", "nav", "aside", "footer",
        "figure", "figcaption", "dialog", "menu", "head", "title", "base", "track", "param", "math", "fieldset", "label",
    ];

    private static readonly HashSet<string> OldPageTextBlocks =
    [
        "address", "article", "aside", "blockquote", "br", "button", "caption", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "label", "legend",
        "li", "main", "menu", "nav", "ol", "option", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
    ];

    private static readonly HashSet<string> OldInvisible = ["script", "style", "template", "noscript"];

    // Every name in any of the sets, AngleSharp's own tag names, and near misses of each (case, a letter more or less).
    private static HashSet<string> Names()
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { "", "x-y", "annotation-xml", "foreignobject", "h7", "h0" };
        names.UnionWith(OldBlocks);
        names.UnionWith(OldNeverContent);
        names.UnionWith(OldPageTextBlocks);
        foreach (var (set, _) in HtmlNames.SetsByKind)
        {
            names.UnionWith(set);
        }
        foreach (var field in typeof(AngleSharp.Dom.TagNames).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is string name)
            {
                names.Add(name);
            }
        }
        foreach (var name in names.ToList())
        {
            names.Add(name.ToUpperInvariant());
            names.Add(name + "x");
            names.Add("x" + name);
            if (name.Length > 1)
            {
                names.Add(name[..^1]);
                names.Add(name[1..]);
            }
        }
        return names;
    }

    [Fact]
    public void The_switches_answer_as_the_old_sets_for_every_tag_name_and_near_miss()
    {
        foreach (var name in Names())
        {
            Assert.True(OldBlocks.Contains(name) == HtmlTags.IsBlock(name), $"IsBlock({name})");
            Assert.True(OldParagraphs.Contains(name) == HtmlTags.IsParagraph(name), $"IsParagraph({name})");
            Assert.True(OldNeverContent.Contains(name) == DocumentCleaner.IsNeverContent(name), $"IsNeverContent({name})");
            Assert.True(OldPageTextBlocks.Contains(name) == PageText.IsBlockElement(name), $"IsBlockElement({name})");
            Assert.True(OldInvisible.Contains(name) == PageText.IsInvisible(name), $"IsInvisible({name})");
        }
    }

    [Fact]
    public void Every_name_set_of_the_limiter_has_its_flag_and_a_tag_carries_exactly_its_sets()
    {
        // Each public set of HtmlNames, found by reflection, so a set added without a flag fails here.
        var sets = typeof(HtmlNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.FieldType == typeof(FrozenSet<string>))
            .Select(field => ((FrozenSet<string>)field.GetValue(null)!, Enum.Parse<TagKind>(field.Name)))
            .ToList();
        Assert.Equal(14, sets.Count);
        Assert.Equal(sets.Select(s => s.Item2).Order(), HtmlNames.SetsByKind.Select(s => s.Kind).Order());
        var names = new Archive.Engine.Extraction.Nesting.TagNames();
        foreach (var name in Names())
        {
            var tag = new Tag(name);
            Assert.Equal(name, tag.Name);
            foreach (var (set, kind) in sets)
            {
                Assert.True(set.Contains(name) == tag.Is(kind), $"{kind}({name})");
            }
            // The limiter's names: lower-cased (ASCII only), with the lower-case name's sets.
            var read = names.Get(name);
            Assert.Equal(new Tag(read.Name), read);
        }
    }

    [Fact]
    public void The_date_prefix_is_cut_as_replacing_it_with_nothing_did()
    {
        string[] lines =
        [
            "Published: 12 March 2024", "published on 2024-03-12", "Updated  :  Monday", "Last updated 3 hours ago",
            "Posted", "Date:", "  Published 2020", "Dated 2020", "Modified 2020", "Last modified:\t2021-01-01 ", "2020-01-01",
            "PUBLISHED ON: x", "Published on", "Published onward", "Update 2020", "Date: Date: 2020", "", " ", "Posted by Ann",
        ];
        foreach (var line in lines)
        {
            Assert.Equal(LineClassifier.DatePrefix().Replace(line, string.Empty).Trim(), LineClassifier.WithoutDatePrefix(line));
        }
    }

    [Fact]
    public void Depth_and_element_count_are_what_a_walk_by_next_sibling_gives()
    {
        var parser = new HtmlParser();
        var random = new Random(35);
        string[] pieces = ["<div>", "</div>", "<p>", "text", "<!-- c -->", "<span>", "</span>", "<ul><li>", "<li>", "</ul>",
            "<table><td>", "</table>", "<b>", "</b>", "<br>", "<svg><g>", "</svg>", " "];
        for (var page = 0; page < 300; page++)
        {
            var html = string.Concat(Enumerable.Range(0, random.Next(1, 400)).Select(_ => pieces[random.Next(pieces.Length)]));
            var document = parser.ParseDocument(html);
            var depth = DocumentDepth.Of(document, out var elements);
            var (oldDepth, oldElements) = BySibling(document);
            Assert.Equal(oldDepth, depth);
            Assert.Equal(oldElements, elements);
            Assert.Equal(document.All.Length, elements);
        }
    }

    [Fact]
    public void Descendants_by_name_are_what_GetElementsByTagName_gives_in_the_same_order()
    {
        var parser = new HtmlParser();
        var random = new Random(351);
        string[] pieces = ["<div>", "</div>", "<p>", "text", "<img src=x>", "<IMG>", "<article>", "</article>", "<span>",
            "</span>", "<ul><li>", "<table><td>", "</table>", "<svg><image/><img></svg>", "<picture><img>", "<Article>"];
        for (var page = 0; page < 300; page++)
        {
            var html = string.Concat(Enumerable.Range(0, random.Next(1, 300)).Select(_ => pieces[random.Next(pieces.Length)]));
            var body = parser.ParseDocument(html).Body!;
            foreach (var name in (string[])["img", "article", "td", "p"])
            {
                var found = new List<IElement>();
                var count = DomChildren.Descendants(body, name, found);
                var expected = body.GetElementsByTagName(name);
                Assert.Equal(expected.Length, count);
                Assert.Equal(expected, found, ReferenceEqualityComparer.Instance);
                Assert.Equal(count, DomChildren.Descendants(body, name, found: null));
            }
        }
    }

    [Fact]
    public void A_text_is_short_by_the_same_count_of_words_when_counting_stops_at_the_limit()
    {
        var random = new Random(352);
        for (var i = 0; i < 2_000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 120)).Select(_ => random.Next(4) switch
            {
                0 => "word ",
                1 => "١٢٣ ",
                2 => "—, ",
                _ => "é",
            }));
            var all = ExtractionWarnings.Words(text);
            Assert.Equal(all < ExtractionWarnings.ShortTextWords, ExtractionWarnings.Words(text, ExtractionWarnings.ShortTextWords) < ExtractionWarnings.ShortTextWords);
            Assert.Equal(Math.Min(all, 50), ExtractionWarnings.Words(text, 50));
        }
    }

    // DocumentDepth as it was before ext35.
    private static (int Depth, int Elements) BySibling(INode root)
    {
        int elements = 0, deepest = 0, depth = 0;
        var node = root.FirstChild;
        while (node is not null)
        {
            if (node.NodeType == NodeType.Element)
            {
                elements++;
                depth++;
                deepest = Math.Max(deepest, depth);
                if (node.FirstChild is { } child)
                {
                    node = child;
                    continue;
                }
                depth--;
            }
            while (node is not null && node.NextSibling is null)
            {
                node = node.Parent;
                if (node is null || node == root)
                {
                    return (deepest, elements);
                }
                depth--;
            }
            node = node?.NextSibling;
        }
        return (deepest, elements);
    }
}
