using AngleSharp.Dom;

namespace Archive.Engine.Extraction.Nesting;

internal static class DocumentDepth
{
    // A thread's walks share one stack (Pop clears its slots, so it holds no node between walks); one grown past a parsed
    // page's depth bound is not kept.
    private const int KeptLevels = 1_024;

    [ThreadStatic]
    private static Stack<(INodeList Children, int Next)>? t_levels;

    /// <summary>The deepest element's level below the document (html is 1), walked without recursion.</summary>
    public static int Of(INode root) => Of(root, out _);

    /// <summary><see cref="Of(INode)"/>, and how many elements the walk met: the size the per-element tables of the
    /// stages after the parse are made at, rather than grown by doubling.</summary>
    public static int Of(INode root, out int elements)
    {
        elements = 0;
        var deepest = 0;
        // Children by index, not NextSibling: AngleSharp finds a node's next sibling by searching its parent's children,
        // so every element of a wide parent cost a scan of that parent's list. The stack holds one entry per open level.
        var levels = t_levels ??= new Stack<(INodeList Children, int Next)>();
        levels.Clear();
        var children = root.ChildNodes;
        var next = 0;
        while (true)
        {
            if (next < children.Length)
            {
                var node = children[next++];
                if (node.NodeType == NodeType.Element)
                {
                    elements++;
                    levels.Push((children, next));
                    deepest = Math.Max(deepest, levels.Count);
                    (children, next) = (node.ChildNodes, 0);
                }
                continue;
            }
            if (levels.Count == 0)
            {
                if (deepest > KeptLevels)
                {
                    t_levels = null;
                }
                return deepest;
            }
            (children, next) = levels.Pop();
        }
    }
}
