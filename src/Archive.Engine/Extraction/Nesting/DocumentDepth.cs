using AngleSharp.Dom;
using Archive.Engine.Extraction.Content;

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
        var walk = new ElementWalk(root);
        while (walk.Next(out _))
        {
            elements++;
        }
        return walk.Deepest;
    }
}
