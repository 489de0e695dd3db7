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
        if (_values.Count >= capacity)
        {
            _values.Clear();
        }
        _values[key] = value;
        return value;
    }
}
