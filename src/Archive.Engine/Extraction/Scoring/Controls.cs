using AngleSharp.Dom;
using Archive.Engine.Extraction.Content;

namespace Archive.Engine.Extraction.Scoring;

/// <summary>
/// How many form controls (inputs, selects, buttons) each element holds, counted before the structure pass removes
/// them: a region dense with controls is a buy box, a filter panel or a menu, not text to keep.
/// </summary>
internal static class Controls
{
    /// <param name="capacity">How many elements the body holds, at most (<see cref="ParsedPage.Elements"/>).</param>
    public static Dictionary<IElement, int> Count(IElement body, int capacity = 0)
    {
        var counts = new Dictionary<IElement, int>(ReferenceEqualityComparer.Instance);
        // Iterative: elements in document order with where their parent stands in it, then summed children-first (reverse
        // order) into an array, so a page nested thousands deep costs one pass and cannot exhaust the stack, and only
        // elements that hold a control are looked up in the table (most hold none).
        var order = new List<(IElement Element, int Parent)>(capacity);
        var stack = new Stack<(IElement Element, int Parent)>();
        stack.Push((body, -1));
        while (stack.Count > 0)
        {
            var (element, parent) = stack.Pop();
            var at = order.Count;
            order.Add((element, parent));
            foreach (var child in element.ElementChildren())
            {
                stack.Push((child, at));
            }
        }
        var sums = System.Buffers.ArrayPool<int>.Shared.Rent(order.Count);
        Array.Clear(sums, 0, order.Count);
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var (element, parent) = order[i];
            var count = sums[i] + (IsControl(element) ? 1 : 0);
            if (count == 0)
            {
                continue;
            }
            counts[element] = count;
            if (parent >= 0)
            {
                sums[parent] += count;
            }
        }
        System.Buffers.ArrayPool<int>.Shared.Return(sums);
        return counts;
    }

    private static bool IsControl(IElement element) =>
        element.LocalName is "input" or "select" or "button" or "textarea"
        || element.Attribute("role") is "button" or "checkbox" or "radio" or "option" or "combobox" or "slider";
}
