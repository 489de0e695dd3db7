using AngleSharp.Dom;
using AngleSharp.Text;

namespace Archive.Engine.Extraction.Nesting;

/// <summary>
/// Follows the tree while AngleSharp builds it and stops the parse as soon as an element lands deeper than the limit.
/// <see cref="NestingLimiter"/> models the parser closely but not exactly; this is the exact check behind it, and it
/// runs during the parse, so a page the model misjudges costs at most MaxTreeDepth steps per element, never a parse
/// whose every step scans an ever deeper stack.
/// </summary>
internal sealed class DepthWatch : IDisposable
{
    [ThreadStatic]
    private static DepthWatch? t_current;

    private readonly int _maxDepth;
    private IElement? _last;

    private DepthWatch(int maxDepth) => _maxDepth = maxDepth;

    /// <summary>Watches the parses this thread runs until disposed.</summary>
    public static DepthWatch Start(int maxDepth) => t_current = new DepthWatch(maxDepth);

    /// <summary>The parser's element-created callback: the element before this one now stands in the tree.</summary>
    public static void OnCreated(IElement element, TextPosition position)
    {
        if (t_current is { } watch)
        {
            watch.Check(watch._last);
            watch._last = element;
        }
    }

    public void Dispose()
    {
        if (t_current == this)
        {
            t_current = null;
        }
    }

    private void Check(IElement? element)
    {
        var depth = 0;
        for (var node = element; node is not null; node = node.ParentElement)
        {
            if (++depth > _maxDepth)
            {
                throw new PageTooComplexException($"The page nests elements more than {_maxDepth} deep.");
            }
        }
    }
}
