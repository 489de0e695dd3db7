using System.Runtime.InteropServices;

namespace Archive.Engine.Lineage;

/// <summary>Index keys as lineage stores and looks them up: distinct, ascending, one array.</summary>
internal static class SortedKeys
{
    /// <summary><c>keys.Distinct().Order()</c> made in the list's own storage (the list is left sorted, with its
    /// distinct keys first).</summary>
    public static long[] Of(List<long> keys)
    {
        var span = CollectionsMarshal.AsSpan(keys);
        span.Sort();
        var distinct = 0;
        foreach (var key in span)
        {
            if (distinct == 0 || key != span[distinct - 1])
            {
                span[distinct++] = key;
            }
        }
        return span[..distinct].ToArray();
    }
}
