using System.Globalization;
using System.Text;

namespace Archive.Engine.Lineage;

/// <summary>
/// Word shingles of canonical text: tokens are runs of letters and digits, lower-cased and stripped of diacritics, so
/// punctuation, case and accents do not change a shingle. Scripts written without spaces (Han, kana) contribute one
/// token per character, so a Japanese or Chinese text still yields many shingles.
/// </summary>
public static class Shingles
{
    /// <summary>Words per shingle.</summary>
    public const int Size = 5;

    public static IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var ch in text.Normalize(NormalizationForm.FormD))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }
            if (IsUnspacedScript(ch))
            {
                Flush(tokens, current);
                tokens.Add(ch.ToString());
            }
            else if (char.IsLetterOrDigit(ch))
            {
                current.Append(char.ToLowerInvariant(ch));
            }
            else
            {
                Flush(tokens, current);
            }
        }
        Flush(tokens, current);
        return tokens;
    }

    /// <summary>The distinct 64-bit hashes of every <see cref="Size"/>-token window; a text shorter than that gives one
    /// shingle of all its tokens (none when it has no tokens).</summary>
    public static HashSet<long> HashSet(string text) => [.. Hashes(Tokenize(text))];

    public static IEnumerable<long> Hashes(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count == 0)
        {
            yield break;
        }
        var width = Math.Min(Size, tokens.Count);
        for (var i = 0; i + width <= tokens.Count; i++)
        {
            var hash = StableHash.Offset;
            for (var j = i; j < i + width; j++)
            {
                hash = StableHash.Add(hash, tokens[j]);
                hash = StableHash.Add(hash, ' ');
            }
            yield return (long)StableHash.Mix(hash);
        }
    }

    private static void Flush(List<string> tokens, StringBuilder current)
    {
        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
            current.Clear();
        }
    }

    private static bool IsUnspacedScript(char ch) =>
        ch is >= '\u3040' and <= '\u30FF' // hiragana, katakana
            or >= '\u3400' and <= '\u4DBF' // CJK extension A
            or >= '\u4E00' and <= '\u9FFF' // CJK unified ideographs
            or >= '\uF900' and <= '\uFAFF'
            or >= '\u0E00' and <= '\u0E7F'; // Thai
}

/// <summary>FNV-1a over UTF-16 code units with a SplitMix64 finaliser: stable across processes and platforms,
/// unlike <see cref="string.GetHashCode()"/>.</summary>
internal static class StableHash
{
    public const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Add(ulong hash, string value)
    {
        foreach (var ch in value)
        {
            hash = Add(hash, ch);
        }
        return hash;
    }

    public static ulong Add(ulong hash, char ch)
    {
        hash = (hash ^ (byte)ch) * Prime;
        return (hash ^ (byte)(ch >> 8)) * Prime;
    }

    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
