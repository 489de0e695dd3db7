using AngleSharp.Dom;

namespace Archive.Engine.Extraction.Content;

/// <summary>
/// Walks an element's children by index. AngleSharp's <c>NextSibling</c>, <c>NextElementSibling</c> and
/// <c>PreviousSibling</c> find the node in its parent's child list from the start on every call, so a loop over them is
/// quadratic in the number of children: a page with thousands of paragraphs in one container took seconds to clean.
/// </summary>
internal static class DomChildren
{
    /// <summary>The element children of <paramref name="node"/>, in document order. A struct for <c>foreach</c>: the
    /// cleaner and scorer walk every element several times, and an iterator object per element was 4% of a page's
    /// allocations.</summary>
    public static ElementChildList ElementChildren(this INode node) => new(node.ChildNodes);

    /// <summary>
    /// The elements below <paramref name="root"/> named <paramref name="name"/> (ASCII case ignored), in document order:
    /// what AngleSharp's <c>GetElementsByTagName</c> gives, without its recursion, which also counts every element's
    /// element children (<c>ChildElementCount</c>) before it looks below it. With <paramref name="found"/> null only
    /// the count is kept.
    /// </summary>
    public static int Descendants(IElement root, string name, List<IElement>? found)
    {
        var count = 0;
        var levels = new Stack<(INodeList Children, int Next)>();
        var children = root.ChildNodes;
        var next = 0;
        while (true)
        {
            if (next < children.Length)
            {
                if (children[next++] is IElement element)
                {
                    if (name.Equals(element.LocalName, StringComparison.OrdinalIgnoreCase))
                    {
                        count++;
                        found?.Add(element);
                    }
                    levels.Push((children, next));
                    (children, next) = (element.ChildNodes, 0);
                }
                continue;
            }
            if (levels.Count == 0)
            {
                return count;
            }
            (children, next) = levels.Pop();
        }
    }
}

internal readonly struct ElementChildList(INodeList nodes)
{
    public Enumerator GetEnumerator() => new(nodes);

    public struct Enumerator(INodeList nodes)
    {
        private int _index = -1;

        public IElement Current { get; private set; } = null!;

        public bool MoveNext()
        {
            while (++_index < nodes.Length)
            {
                if (nodes[_index] is IElement element)
                {
                    Current = element;
                    return true;
                }
            }
            return false;
        }
    }
}
