using AngleSharp.Dom;
using Archive.Engine.Extraction.Content;

namespace Archive.Engine.Extraction.Scoring;

/// <summary>
/// How many form controls (inputs, selects, buttons) each element holds, counted before the structure pass removes
/// them: a region dense with controls is a buy box, a filter panel or a menu, not text to keep.
/// </summary>
internal static class Controls
{
    public static Dictionary<IElement, int> Count(IElement body)
    {
        var counts = new Dictionary<IElement, int>(ReferenceEqualityComparer.Instance);
        // One walk with its own stack, children by index: an element's frame sums what its children hold, and when it is
        // done its count goes to its parent's frame. A page nested thousands deep cannot exhaust the call stack, and only
        // elements that hold a control are written to the table (most hold none).
        var frames = new Stack<(IElement Element, INodeList Children, int Next, int Sum)>();
        frames.Push((body, body.ChildNodes, 0, 0));
        while (frames.Count > 0)
        {
            var (element, children, next, sum) = frames.Pop();
            if (next < children.Length)
            {
                frames.Push((element, children, next + 1, sum));
                if (children[next] is IElement child)
                {
                    frames.Push((child, child.ChildNodes, 0, 0));
                }
                continue;
            }
            var count = sum + (IsControl(element) ? 1 : 0);
            if (count > 0)
            {
                counts[element] = count;
                if (frames.Count > 0)
                {
                    var parent = frames.Pop();
                    frames.Push(parent with { Sum = parent.Sum + count });
                }
            }
        }
        return counts;
    }

    private static bool IsControl(IElement element) =>
        element.LocalName is "input" or "select" or "button" or "textarea"
        || element.Attribute("role") is "button" or "checkbox" or "radio" or "option" or "combobox" or "slider";
}
