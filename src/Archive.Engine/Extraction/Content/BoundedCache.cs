using System.Collections.Concurrent;

namespace Archive.Engine.Extraction.Content;

/// <summary>
/// A process-wide memo for pure verdicts on short strings (class names, short lines): templates repeat the same ones
/// on every page of a site, and the regular expressions behind them dominate the cost of scoring a block. Thread-safe;
/// emptied when full, so memory stays bounded whatever the input.
/// </summary>
/// <param name="compute">The verdict on a string.</param>
/// <param name="capacity">Entries held before the memo is emptied.</param>
/// <param name="maxKeyLength">Longer strings are never kept.</param>
/// <param name="combineWords">Given when a string's verdict is its words' verdicts combined, because no pattern behind
/// <paramref name="compute"/> can match a whitespace character (a word boundary at a space is one at either end of the
/// string): a string longer than <paramref name="maxKeyLength"/> is then answered word by word from the memo instead of
/// being worked out again at every ask. Utility-class markup gives elements class lists of hundreds of characters,
/// repeated on every card of the page and asked by the cleaner, the picker and the scorer each.</param>
internal sealed class BoundedCache<TValue>(Func<string, TValue> compute, int capacity = 50_000, int maxKeyLength = 300,
    Func<TValue, TValue, TValue>? combineWords = null)
{
    private readonly ConcurrentDictionary<string, TValue> _values = new(StringComparer.Ordinal);
    // Counted here: ConcurrentDictionary.Count takes every lock of the table, and asking it on each miss (every new line
    // of every page) made concurrent extractions queue on those locks (perf, 8 uploads at once).
    private int _count;

    public TValue Get(string key)
    {
        if (key.Length > maxKeyLength)
        {
            return combineWords is null ? compute(key) : ByWords(key, combineWords);
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

    // HTML's whitespace: what separates the words of a class list.
    private static readonly System.Buffers.SearchValues<char> Spaces = System.Buffers.SearchValues.Create(" \t\n\r\f");

    private TValue ByWords(string key, Func<TValue, TValue, TValue> combine)
    {
        var lookup = _values.GetAlternateLookup<ReadOnlySpan<char>>();
        var rest = key.AsSpan();
        var found = false;
        TValue verdict = default!;
        while (rest.Length > 0)
        {
            var end = rest.IndexOfAny(Spaces);
            var word = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (word.IsEmpty)
            {
                continue;
            }
            // A word as long as the whole key (no whitespace in it) is worked out as the key would have been.
            var value = word.Length > maxKeyLength ? compute(word.ToString())
                : lookup.TryGetValue(word, out var known) ? known : Get(word.ToString());
            verdict = found ? combine(verdict, value) : value;
            found = true;
        }
        return found ? verdict : compute(key);
    }
}
