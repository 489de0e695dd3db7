using AngleSharp.Dom;

namespace Archive.Engine.Extraction.Content;

/// <summary>
/// Walks an element's children by index. AngleSharp's <c>NextSibling</c>, <c>NextElementSibling</c> and
/// <c>PreviousSibling</c> find the node in its parent's child list from the start on every call, so a loop over them is
/// quadratic in the number of children: a page with thousands of paragraphs in one container took seconds to clean.
/// </summary>
internal static class DomChildren
{
    /// <summary>The element children of <paramref name="node"/>, in document order.</summary>
    public static IEnumerable<IElement> ElementChildren(this INode node)
    {
        var nodes = node.ChildNodes;
        for (var i = 0; i < nodes.Length; i++)
        {
            if (nodes[i] is IElement element)
            {
                yield return element;
            }
        }
    }
}
