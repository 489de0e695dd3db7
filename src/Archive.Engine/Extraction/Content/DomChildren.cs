using System.Diagnostics.CodeAnalysis;
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
        var walk = new ElementWalk(root);
        while (walk.Next(out var element))
        {
            if (name.Equals(element.LocalName, StringComparison.OrdinalIgnoreCase))
            {
                count++;
                found?.Add(element);
            }
        }
        return count;
    }
}

/// <summary>
/// The elements below a node in document order, children read by index (see <see cref="DomChildren"/>), without
/// recursion: the stack holds one entry per open level, so a page nested thousands deep cannot exhaust the call stack.
/// Run it to its end: that is when its stack, shared by a thread's walks, is handed back (empty, holding no node).
/// </summary>
internal struct ElementWalk
{
    // One grown past a parsed page's depth bound is not kept.
    private const int KeptLevels = 1_024;

    [ThreadStatic]
    private static Stack<(INodeList Children, int Next)>? t_levels;

    private readonly Stack<(INodeList Children, int Next)> _levels;
    private INodeList _children;
    private int _next;
    private int _deepest;

    public ElementWalk(INode root)
    {
        // Taken from the thread while in use, so a walk begun inside another gets a stack of its own.
        _levels = t_levels ?? new Stack<(INodeList Children, int Next)>();
        t_levels = null;
        _levels.Clear();
        _children = root.ChildNodes;
    }

    /// <summary>The deepest level an element given so far stands at (a child of the root is 1).</summary>
    public readonly int Deepest => _deepest;

    public bool Next([NotNullWhen(true)] out IElement? element)
    {
        while (true)
        {
            if (_next < _children.Length)
            {
                if (_children[_next++] is IElement child)
                {
                    _levels.Push((_children, _next));
                    _deepest = Math.Max(_deepest, _levels.Count);
                    (_children, _next) = (child.ChildNodes, 0);
                    element = child;
                    return true;
                }
                continue;
            }
            if (_levels.Count == 0)
            {
                if (_deepest <= KeptLevels)
                {
                    t_levels = _levels;
                }
                element = null;
                return false;
            }
            (_children, _next) = _levels.Pop();
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
