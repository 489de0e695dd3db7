using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Archive.Api.Lineage;
using Archive.Engine;
using Microsoft.AspNetCore.Components;

namespace Archive.Api.Reader.Articles;

/// <summary>
/// The lineage graph's edges and nodes and the family list as markup written straight into a reused buffer: the bytes the
/// Razor elements gave (the static renderer's own encoder for every value, their whitespace), without their cost. As Razor
/// elements and one component per member, a 50-member family was ~1,600 SVG elements, ~4,000 attributes and 100 component
/// instances on every page, each a render-tree frame, a boxed id or a formatted string (bench/results/reader-2026-12-02.md).
/// The markup comes out in chunks of at most <see cref="ChunkChars"/> characters, so no string of it reaches the large
/// object heap (85,000 bytes), whose collections are gen2 collections; the whole graph is ~80 K characters.
/// </summary>
internal static class LineageMarkup
{
    private const int ChunkChars = 16 * 1024;

    // The encoder the static renderer applies to text and attribute values (StaticHtmlRenderer), so the bytes are the same.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    [ThreadStatic]
    private static StringWriter? t_writer;

    /// <summary>The graph's links, then its outlets (drawn over the links).</summary>
    public static List<MarkupString> Graph(LineageDrawing drawing)
    {
        ArgumentNullException.ThrowIfNull(drawing);
        var chunks = new List<MarkupString>();
        var w = Writer();
        foreach (var edge in drawing.Edges)
        {
            Edge(w, edge);
            Flush(w, chunks, ChunkChars);
        }
        foreach (var node in drawing.Nodes)
        {
            Node(w, node);
            Flush(w, chunks, ChunkChars);
        }
        Flush(w, chunks, 0);
        return chunks;
    }

    /// <summary>The family as nested list items from <paramref name="root"/>, walked with an explicit stack: a family is data,
    /// and data never decides how deep the call stack goes.</summary>
    public static List<MarkupString> Family(LineageNode root, Guid current)
    {
        ArgumentNullException.ThrowIfNull(root);
        var chunks = new List<MarkupString>();
        var w = Writer();
        // A node to open, or (Node null) the closing tags of a member whose copies are all written.
        var stack = new Stack<(LineageNode? Node, bool HasCopies)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (node, hasCopies) = stack.Pop();
            if (node is null)
            {
                w.Write(hasCopies ? "</ol></li>" : "</li>");
                continue;
            }
            Member(w, node, current);
            var copies = node.Republications;
            if (copies.Count > 0)
            {
                w.Write("<ol>");
            }
            stack.Push((null, copies.Count > 0));
            for (var i = copies.Count - 1; i >= 0; i--)
            {
                stack.Push((copies[i], false));
            }
            Flush(w, chunks, ChunkChars);
        }
        Flush(w, chunks, 0);
        return chunks;
    }

    public static string Date(DateTimeOffset? at) => at?.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture) ?? "date unknown";

    private static string Short(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Label(DrawnNode node) =>
        $"{DrawnEdge.Name(node.Article)}, {Date(node.Article.PublishedAt)}, {EnumText.Of(node.Kind)}{(node.IsCurrent ? " (this article)" : "")}";

    private static void Edge(StringWriter w, DrawnEdge edge)
    {
        w.Write("<g class=\"edge k-");
        Encoder.Encode(w, EnumText.Of(edge.Kind));
        w.Write('"');
        Attribute(w, "data-kind", EnumText.Of(edge.Kind));
        Attribute(w, "data-declared-by", EnumText.Of(edge.DeclaredBy));
        Attribute(w, "data-reuse", EnumText.Of(edge.Reuse));
        Attribute(w, "data-basis", EnumText.Of(edge.Basis));
        Attribute(w, "data-from", edge.From.Article.ArticleId);
        Attribute(w, "data-to", edge.To.Article.ArticleId);
        w.Write("><title>");
        edge.Describe(w, Encoder);
        w.Write("</title>\n      <path class=\"line\"");
        Attribute(w, "d", edge.Path);
        w.Write("></path>\n      <path class=\"hit\"");
        Attribute(w, "d", edge.Path);
        w.Write("></path></g>");
    }

    private static void Node(StringWriter w, DrawnNode node)
    {
        var label = Label(node);
        w.Write(node.IsCurrent ? "<g class=\"node current\"" : "<g class=\"node\"");
        Attribute(w, "data-article", node.Article.ArticleId);
        w.Write("><a href=\"/articles/");
        Guid(w, node.Article.ArticleId);
        w.Write('"');
        Attribute(w, "aria-label", label);
        w.Write("><title>");
        Encoder.Encode(w, label);
        w.Write("</title>\n        <circle");
        Attribute(w, "cx", node.X);
        Attribute(w, "cy", node.Y);
        w.Write(" r=\"7\"></circle>\n        <text class=\"name\"");
        Attribute(w, "x", node.X + 14);
        Attribute(w, "y", node.Y + 1);
        w.Write('>');
        Encoder.Encode(w, Short(DrawnEdge.Name(node.Article), 34));
        w.Write("</text>\n        <text class=\"date\"");
        Attribute(w, "x", node.X + 14);
        Attribute(w, "y", node.Y + 16);
        w.Write('>');
        Encoder.Encode(w, Date(node.Article.PublishedAt));
        w.Write(" · ");
        Encoder.Encode(w, EnumText.Of(node.Kind));
        w.Write("</text></a></g>");
    }

    /// <summary>One member's item up to its copies: who, when, the kind and figures of its link, the link's evidence.</summary>
    private static void Member(StringWriter w, LineageNode node, Guid current)
    {
        w.Write("<li");
        Attribute(w, "data-article", node.Article.ArticleId);
        Attribute(w, "data-kind", EnumText.Of(node.Kind));
        Attribute(w, "data-declared-by", EnumText.Of(node.DeclaredBy));
        Attribute(w, "data-reuse", EnumText.Of(node.Reuse));
        w.Write('>');
        if (node.Article.ArticleId == current)
        {
            w.Write("<strong>");
            Encoder.Encode(w, DrawnEdge.Name(node.Article));
            w.Write("</strong> <span class=\"muted\">(this article)</span>");
        }
        else
        {
            w.Write("<a href=\"/articles/");
            Guid(w, node.Article.ArticleId);
            w.Write("\">");
            Encoder.Encode(w, DrawnEdge.Name(node.Article));
            w.Write("</a>");
        }
        w.Write("<span class=\"meta\"> · ");
        if (node.Article.PublishedAt is { } at)
        {
            // As the When component writes a date alone.
            w.Write("<time");
            Attribute(w, "datetime", at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            Attribute(w, "title", at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
            w.Write('>');
            Encoder.Encode(w, at.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture));
            w.Write("</time>");
        }
        else
        {
            w.Write("<span class=\"muted\">date unknown</span>");
        }
        w.Write(" · </span><span class=\"kind k-");
        Encoder.Encode(w, EnumText.Of(node.Kind));
        w.Write("\">");
        Encoder.Encode(w, EnumText.Of(node.Kind));
        w.Write("</span>");
        if (node.Similarity is { } similarity)
        {
            if (node.Reuse is not null)
            {
                w.Write("<span class=\"meta\"> · ");
                Encoder.Encode(w, DrawnEdge.Axes(node.DeclaredBy, node.Reuse, node.Basis).Trim().Trim('(', ')'));
                w.Write("</span>");
            }
            w.Write("<span class=\"meta\"> · similarity ");
            Encoder.Encode(w, similarity.ToString("0.00", CultureInfo.InvariantCulture));
            w.Write(", containment ");
            Encoder.Encode(w, (node.Containment ?? 0).ToString("0.00", CultureInfo.InvariantCulture));
            w.Write("</span>");
        }
        if (node.Evidence.Count > 0)
        {
            w.Write("<ul class=\"evidence\">");
            foreach (var e in node.Evidence)
            {
                w.Write("<li>");
                Encoder.Encode(w, e.Type);
                w.Write(": ");
                Encoder.Encode(w, e.Detail);
                w.Write("</li>");
            }
            w.Write("</ul>");
        }
    }

    private static StringWriter Writer()
    {
        var w = t_writer ??= new StringWriter(new StringBuilder(ChunkChars + 4096), CultureInfo.InvariantCulture);
        w.GetStringBuilder().Clear();
        return w;
    }

    private static void Flush(StringWriter w, List<MarkupString> chunks, int atLeast)
    {
        var text = w.GetStringBuilder();
        if (text.Length > atLeast)
        {
            chunks.Add(new MarkupString(text.ToString()));
            text.Clear();
        }
    }

    // A null value leaves the attribute out, as the renderer does.
    private static void Attribute(StringWriter w, string name, string? value)
    {
        if (value is null)
        {
            return;
        }
        w.Write(' ');
        w.Write(name);
        w.Write("=\"");
        Encoder.Encode(w, value);
        w.Write('"');
    }

    private static void Attribute(StringWriter w, string name, Guid value)
    {
        w.Write(' ');
        w.Write(name);
        w.Write("=\"");
        Guid(w, value);
        w.Write('"');
    }

    private static void Attribute(StringWriter w, string name, double value)
    {
        w.Write(' ');
        w.Write(name);
        w.Write("=\"");
        Span<char> text = stackalloc char[32];
        value.TryFormat(text, out var written, "0.#", CultureInfo.InvariantCulture);
        w.Write(text[..written]);
        w.Write('"');
    }

    // A Guid's "D" form is hex digits and hyphens: nothing to encode.
    private static void Guid(StringWriter w, Guid value)
    {
        Span<char> text = stackalloc char[36];
        value.TryFormat(text, out var written);
        w.Write(text[..written]);
    }
}
