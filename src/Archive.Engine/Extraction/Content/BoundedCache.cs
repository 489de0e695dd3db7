using System.Collections.Concurrent;

namespace Archive.Engine.Extraction.Content;

/// <summary>
/// A process-wide memo for pure verdicts on short strings (class names, short lines): templates repeat the same ones
/// on every page of a site, and the regular expressions behind them dominate the cost of scoring a block. Thread-safe;
/// emptied when full, so memory stays bounded whatever the input.
/// </summary>
internal sealed class BoundedCache<TValue>(Func<string, TValue> compute, int capacity = 50_000, int maxKeyLength = 300)
{
    private readonly ConcurrentDictionary<string, TValue> _values = new(StringComparer.Ordinal);
    // Counted here: ConcurrentDictionary.Count takes every lock of the table, and asking it on each miss (every new line
    // of every page) made concurrent extractions queue on those locks (perf, 8 uploads at once).
    private int _count;

    public TValue Get(string key)
    {
        if (key.Length > maxKeyLength)
        {
            return compute(key);
        }
        if (_values.TryGetValue(key, out var value))
        {
            return value;
        }
        value = compute(key);
        if (_values.TryAdd(key, value) && Interlocked.Increment(ref _count) > capacity)
        {
            // A verdict added by another thread between these two lines may go uncounted: the table holds at most a
            // handful more than its capacity, and is emptied again the next time round.
            _values.Clear();
            Interlocked.Exchange(ref _count, 0);
        }
        return value;
    }
}
