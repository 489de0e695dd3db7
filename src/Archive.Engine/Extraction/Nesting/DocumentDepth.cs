using AngleSharp.Dom;

namespace Archive.Engine.Extraction.Nesting;

internal static class DocumentDepth
{
    /// <summary>The deepest element's level below the document (html is 1), walked without recursion.</summary>
    public static int Of(INode root)
    {
        var deepest = 0;
        var depth = 0;
        var node = root.FirstChild;
        while (node is not null)
        {
            if (node.NodeType == NodeType.Element)
            {
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
