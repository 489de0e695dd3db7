using System.Globalization;
using System.Text.Encodings.Web;
using Archive.Api.Lineage;
using Archive.Engine;
using Archive.Engine.Lineage;

namespace Archive.Api.Reader.Articles;

/// <summary>One outlet's article in the drawn family.</summary>
public sealed record DrawnNode(ArticleRef Article, LineageKind Kind, int Depth, int Row, double X, double Y, bool IsCurrent);

/// <summary>A republication link, from the node copied (parent) to the copy (child).</summary>
/// <param name="DeclaredBy">How the copy declares its source (none, attribution, markup); <paramref name="Reuse"/> how it
/// reused the text (verbatim, excerpt, commentary, edited); <paramref name="Basis"/> observed, or claimed when a page of the
/// link was uploaded by an untrusted key. <paramref name="Kind"/> sums the two axes up.</param>
public sealed record DrawnEdge(DrawnNode From, DrawnNode To, LineageKind Kind, double Similarity, double Containment,
    IReadOnlyList<LineageEvidence> Evidence, string Path, LineageDeclaration? DeclaredBy = null, LineageReuse? Reuse = null,
    EvidenceBasis? Basis = null)
{
    /// <summary>"B took this story from A: kind (axes), similarity, containment; evidence: …", encoded for HTML, written piece by
    /// piece: for a 50-member family the whole description, evidence and all, is ~60 K characters a page, and building each
    /// as a string first made it twice.</summary>
    public void Describe(TextWriter output, HtmlEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(encoder);
        encoder.Encode(output, Name(To.Article));
        output.Write(" took this story from ");
        encoder.Encode(output, Name(From.Article));
        output.Write(": ");
        encoder.Encode(output, EnumText.Of(Kind));
        encoder.Encode(output, Axes(DeclaredBy, Reuse, Basis));
        output.Write(", similarity ");
        output.Write(Similarity.ToString("0.00", CultureInfo.InvariantCulture));
        output.Write(", containment ");
        output.Write(Containment.ToString("0.00", CultureInfo.InvariantCulture));
        for (var i = 0; i < Evidence.Count; i++)
        {
            output.Write(i == 0 ? "; evidence: " : "; ");
            encoder.Encode(output, Evidence[i].Type);
            output.Write(": ");
            encoder.Encode(output, Evidence[i].Detail);
        }
    }

    /// <summary>" (source declared by markup, text reused verbatim, observed)", or nothing where the link has no axes.</summary>
    public static string Axes(LineageDeclaration? declaredBy, LineageReuse? reuse, EvidenceBasis? basis) =>
        declaredBy is null && reuse is null ? "" :
        $" (source declared by {EnumText.Of(declaredBy) ?? "–"}, text reused {EnumText.Of(reuse) ?? "–"}{(basis is null ? "" : ", " + EnumText.Of(basis))})";

    public static string Name(ArticleRef article) => article.Publisher ?? article.PublisherDomain ?? new Uri(article.Url).Host;
}

/// <summary>
/// A story's family laid out as an indented tree: one row per article in depth-first order from the origin, each copy one
/// step right of the article it was taken from, links drawn as elbows from parent to child. Rows keep every label
/// readable at phone width and the height grows only with the family's size.
/// </summary>
public sealed class LineageDrawing
{
    public const double RowHeight = 40;
    public const double Width = 720;
    private const double Margin = 16;
    private const double MaxIndent = 44;
    private const double LabelRoom = 330;

    private LineageDrawing(List<DrawnNode> nodes, List<DrawnEdge> edges, List<string> trunks, double height)
    {
        Nodes = nodes;
        Edges = edges;
        Trunks = trunks;
        Height = height;
    }

    public IReadOnlyList<DrawnNode> Nodes { get; }
    /// <summary>Each link's own stroke: from its parent's trunk across to the copy, in the colour and pattern of its kind.</summary>
    public IReadOnlyList<DrawnEdge> Edges { get; }
    /// <summary>The neutral vertical line down from an article to its last copy, shared by all its copies.</summary>
    public IReadOnlyList<string> Trunks { get; }
    public double Height { get; }

    public static LineageDrawing Layout(LineageTree tree, Guid current)
    {
        ArgumentNullException.ThrowIfNull(tree);
        // Depth-first with an explicit stack: a family is data, and data never decides how deep the call stack goes.
        var order = new List<(LineageNode Node, int Depth, int Parent)>();
        var stack = new Stack<(LineageNode Node, int Depth, int Parent)>();
        stack.Push((tree.Root, 0, -1));
        while (stack.Count > 0)
        {
            var item = stack.Pop();
            order.Add(item);
            for (var i = item.Node.Republications.Count - 1; i >= 0; i--)
            {
                stack.Push((item.Node.Republications[i], item.Depth + 1, order.Count - 1));
            }
        }
        var maxDepth = order.Max(o => o.Depth);
        var indent = maxDepth == 0 ? MaxIndent : Math.Min(MaxIndent, (Width - 2 * Margin - LabelRoom) / maxDepth);
        var nodes = order.Select((o, row) => new DrawnNode(o.Node.Article, o.Node.Kind, o.Depth, row,
            Math.Round(Margin + 8 + o.Depth * indent, 1), Margin + 8 + row * RowHeight, o.Node.Article.ArticleId == current)).ToList();
        var edges = new List<DrawnEdge>();
        for (var i = 1; i < order.Count; i++)
        {
            var (from, to, node) = (nodes[order[i].Parent], nodes[i], order[i].Node);
            var path = FormattableString.Invariant($"M{from.X},{to.Y} H{to.X - 7}");
            edges.Add(new DrawnEdge(from, to, node.Kind, node.Similarity ?? 0, node.Containment ?? 0, node.Evidence, path,
                node.DeclaredBy, node.Reuse, node.Basis));
        }
        var trunks = edges.GroupBy(e => e.From).Select(g => FormattableString.Invariant($"M{g.Key.X},{g.Key.Y + 7} V{g.Max(e => e.To.Y)}"))
            .ToList();
        return new LineageDrawing(nodes, edges, trunks, 2 * Margin + order.Count * RowHeight - RowHeight + 16);
    }
}
