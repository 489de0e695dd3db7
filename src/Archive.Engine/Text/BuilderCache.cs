using System.Text;

namespace Archive.Engine.Text;

/// <summary>
/// One <see cref="StringBuilder"/> a thread keeps for output strings written once per page (the article's markup, its
/// canonical text): a builder grown from empty allocated its chunks and then the string, twice the output. Never nested:
/// a caller takes the builder, writes, and gives it back with <see cref="ToStringAndRelease"/>.
/// </summary>
internal static class BuilderCache
{
    /// <summary>A builder larger than this many characters (a giant page's) is left to the collector, not kept.</summary>
    private const int MaxKeptChars = 1 << 17;

    [ThreadStatic]
    private static StringBuilder? t_cached;

    public static StringBuilder Acquire(int capacity)
    {
        var builder = t_cached;
        t_cached = null;
        if (builder is null || builder.Capacity < capacity)
        {
            return new StringBuilder(capacity);
        }
        return builder.Clear();
    }

    public static string ToStringAndRelease(StringBuilder builder)
    {
        var text = builder.ToString();
        if (builder.Capacity <= MaxKeptChars)
        {
            t_cached = builder;
        }
        return text;
    }
}
