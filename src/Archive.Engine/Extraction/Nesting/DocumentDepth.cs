using AngleSharp.Dom;

namespace Archive.Engine.Extraction.Nesting;

internal static class DocumentDepth
{
    /// <summary>The deepest element's level below the document (html is 1), walked without recursion.</summary>
    public static int Of(INode root) => Of(root, out _);

    /// <summary><see cref="Of(INode)"/>, and how many elements the walk met: the size the per-element tables of the
    /// stages after the parse are made at, rather than grown by doubling.</summary>
    public static int Of(INode root, out int elements)
    {
        elements = 0;
        var deepest = 0;
        var depth = 0;
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
                    return deepest;
                }
                depth--;
            }
            node = node?.NextSibling;
        }
        return deepest;
    }
}
