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
        // Iterative: elements in document order, then summed children-first (reverse order), so a page nested thousands
        // deep costs one pass and cannot exhaust the stack.
        var order = new List<IElement>(capacity);
        var stack = new Stack<IElement>();
        stack.Push(body);
        while (stack.Count > 0)
        {
            var element = stack.Pop();
            order.Add(element);
            foreach (var child in element.ElementChildren())
            {
                stack.Push(child);
            }
        }
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var element = order[i];
            var count = counts.GetValueOrDefault(element) + (IsControl(element) ? 1 : 0);
            if (count == 0)
            {
                continue;
            }
            counts[element] = count;
            if (element != body && element.ParentElement is { } parent)
            {
                counts[parent] = counts.GetValueOrDefault(parent) + count;
            }
        }
        return counts;
    }

    private static bool IsControl(IElement element) =>
        element.LocalName is "input" or "select" or "button" or "textarea"
        || element.Attribute("role") is "button" or "checkbox" or "radio" or "option" or "combobox" or "slider";
}
