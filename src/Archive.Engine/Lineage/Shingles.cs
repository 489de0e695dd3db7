using System.Buffers;
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
        var scan = TokenScan.Of(text);
        try
        {
            var tokens = new List<string>(scan.Count);
            for (var i = 0; i < scan.Count; i++)
            {
                tokens.Add(new string(scan.Token(i)));
            }
            return tokens;
        }
        finally
        {
            scan.Return();
        }
    }

    /// <summary>The tokens of <paramref name="text"/> joined by single spaces (<see cref="PageText.Fold"/>'s form), made
    /// without a string per token.</summary>
    internal static string Folded(string text) => Folded(TokenScan.Of(text));

    /// <summary><see cref="Folded(string)"/> of a builder's text, read where it lies when it is ASCII.</summary>
    internal static string Folded(StringBuilder text) => Folded(TokenScan.Of(text));

    /// <summary><see cref="Folded(string)"/> of a span, written into a buffer rented from the shared pool (the caller
    /// returns it): for a lookup that needs no string of its own.</summary>
    internal static char[] FoldedRented(ReadOnlySpan<char> text, out int length)
    {
        var scan = TokenScan.Of(text);
        try
        {
            length = FoldedLength(scan);
            var buffer = ArrayPool<char>.Shared.Rent(Math.Max(length, 1));
            WriteFolded(scan, buffer);
            return buffer;
        }
        finally
        {
            scan.Return();
        }
    }

    private static string Folded(TokenScan scan)
    {
        try
        {
            return scan.Count == 0 ? "" : string.Create(FoldedLength(scan), scan, static (span, scan) => WriteFolded(scan, span));
        }
        finally
        {
            scan.Return();
        }
    }

    // The scan's tokens joined by single spaces: how long that is, and writing it.
    private static int FoldedLength(TokenScan scan)
    {
        var length = Math.Max(scan.Count - 1, 0);
        for (var i = 0; i < scan.Count; i++)
        {
            length += scan.Token(i).Length;
        }
        return length;
    }

    private static void WriteFolded(TokenScan scan, Span<char> into)
    {
        var at = 0;
        for (var i = 0; i < scan.Count; i++)
        {
            if (i > 0)
            {
                into[at++] = ' ';
            }
            var token = scan.Token(i);
            token.CopyTo(into[at..]);
            at += token.Length;
        }
    }

    /// <summary>The hash of all of <paramref name="text"/>'s tokens in order (what a shingle of that many tokens hashes to),
    /// and how many there are; one scan, no string per token (<see cref="SiteParagraphs.Key"/>).</summary>
    internal static long WholeHash(string text, out int tokens) => WholeHash(TokenScan.Of(text), out tokens);

    /// <summary><see cref="WholeHash(string, out int)"/> of a part of a text (a paragraph of it), read where it lies when it
    /// is already decomposed (<see cref="SiteParagraphs"/> keys every paragraph of every upload's text and page text).</summary>
    internal static long WholeHash(ReadOnlySpan<char> text, out int tokens) => WholeHash(TokenScan.Of(text), out tokens);

    private static long WholeHash(TokenScan scan, out int tokens)
    {
        try
        {
            tokens = scan.Count;
            return Window(scan, 0, scan.Count);
        }
        finally
        {
            scan.Return();
        }
    }

    /// <summary>The distinct 64-bit hashes of every <see cref="Size"/>-token window; a text shorter than that gives one
    /// shingle of all its tokens (none when it has no tokens). Hashed from one buffer of the folded text: the same hashes
    /// as <see cref="Hashes"/> over <see cref="Tokenize"/>'s tokens, without a string per token (every upload shingles its
    /// text, and lineage its members').</summary>
    public static HashSet<long> HashSet(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scan = TokenScan.Of(text);
        try
        {
            if (scan.Count == 0)
            {
                return [];
            }
            var width = Math.Min(Size, scan.Count);
            var set = new HashSet<long>(scan.Count - width + 1);
            AddWindows(set, scan, 0, scan.Count, width);
            return set;
        }
        finally
        {
            scan.Return();
        }
    }

    // Every window of the tokens from first on, added in order. A window's hash is one serial chain of multiplies, so four
    // neighbouring windows are hashed token by token side by side, their chains independent, each the hash Window gives.
    private static void AddWindows(HashSet<long> set, TokenScan scan, int first, int count, int width)
    {
        var i = first;
        for (; i + 3 + width <= first + count; i += 4)
        {
            ulong h0 = StableHash.Offset, h1 = StableHash.Offset, h2 = StableHash.Offset, h3 = StableHash.Offset;
            for (var j = i; j < i + width; j++)
            {
                h0 = StableHash.AddToken(h0, scan.Token(j));
                h1 = StableHash.AddToken(h1, scan.Token(j + 1));
                h2 = StableHash.AddToken(h2, scan.Token(j + 2));
                h3 = StableHash.AddToken(h3, scan.Token(j + 3));
            }
            set.Add((long)StableHash.Mix(h0));
            set.Add((long)StableHash.Mix(h1));
            set.Add((long)StableHash.Mix(h2));
            set.Add((long)StableHash.Mix(h3));
        }
        for (; i + width <= first + count; i++)
        {
            set.Add(Window(scan, i, width));
        }
    }

    /// <summary>
    /// The lines of a text (its '\n'-separated pieces, as <see cref="string.Split(char, StringSplitOptions)"/> gives them
    /// without options), each line's tokens and shingles taken from one scan of the whole text: a line break ends a token
    /// and decomposition never reorders across one, so a line's tokens in the whole scan are the tokens a scan of the line
    /// alone gives, and its shingles those <see cref="HashSet(string)"/> gives the line (lineage reads a paragraph's token
    /// count and shingles from one scan this way, without a string per token). Dispose it on the thread that made it, with
    /// no other scan begun meanwhile.
    /// </summary>
    internal sealed class LineScan : IDisposable
    {
        private readonly TokenScan _scan;

        // Token index where each line starts, and one more at the end.
        private readonly List<int> _starts = [0];

        private LineScan(string text) => _scan = TokenScan.Of(text, _starts);

        public static LineScan Of(string text)
        {
            ArgumentNullException.ThrowIfNull(text);
            return new LineScan(text);
        }

        public int Count => _starts.Count - 1;

        public int Tokens(int line) => _starts[line + 1] - _starts[line];

        /// <summary><see cref="HashSet(string)"/> of the line.</summary>
        public HashSet<long> Shingles(int line)
        {
            var (first, count) = (_starts[line], Tokens(line));
            if (count == 0)
            {
                return [];
            }
            var width = Math.Min(Size, count);
            var set = new HashSet<long>(count - width + 1);
            AddWindows(set, _scan, first, count, width);
            return set;
        }

        public void Dispose() => _scan.Return();
    }

    /// <summary>How many of <paramref name="shingles"/> <paramref name="other"/> holds: the sets' own enumerator and lookup,
    /// not LINQ's through their interfaces (lineage counts shared shingles for every pair and paragraph it compares).</summary>
    internal static int CountIn(HashSet<long> shingles, HashSet<long> other)
    {
        var count = 0;
        foreach (var shingle in shingles)
        {
            if (other.Contains(shingle))
            {
                count++;
            }
        }
        return count;
    }

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
                hash = StableHash.AddToken(hash, tokens[j]);
            }
            yield return (long)StableHash.Mix(hash);
        }
    }

    /// <summary>The hash <see cref="Hashes"/> gives the tokens <paramref name="first"/> to <paramref name="first"/> +
    /// <paramref name="count"/> - 1.</summary>
    private static long Window(TokenScan scan, int first, int count)
    {
        var hash = StableHash.Offset;
        for (var j = first; j < first + count; j++)
        {
            hash = StableHash.AddToken(hash, scan.Token(j));
        }
        return (long)StableHash.Mix(hash);
    }

    /// <summary>
    /// The one tokenizer: text decomposed (NFD), marks dropped, letters and digits lower-cased into one pooled buffer, each
    /// token a range of it; an unspaced script's character is a token of its own. Every form above reads these ranges.
    /// </summary>
    private sealed class TokenScan
    {
        /// <summary>A thread's scan is reused while its token list stays below this many tokens (a few hundred KiB).</summary>
        private const int MaxKeptTokens = 1 << 15;

        // Every block of every page is folded (PageText), so each scan's token list, grown from empty, was ~5% of the
        // bytes an extraction allocates; a thread keeps its last scan and its list instead. Of and Return are never nested.
        [ThreadStatic]
        private static TokenScan? t_spare;

        private char[] _chars = [];
        private int _length;
        private int _start;
        private readonly List<(int Start, int Length)> _tokens = [];
        private List<int>? _lineStarts;

        public int Count => _tokens.Count;

        public ReadOnlySpan<char> Token(int i) => _chars.AsSpan(_tokens[i].Start, _tokens[i].Length);

        public static TokenScan Of(string text)
        {
            ArgumentNullException.ThrowIfNull(text);
            var normalized = text.Normalize(NormalizationForm.FormD);
            return Begin(normalized.Length).Read(normalized).Finish();
        }

        /// <summary>A text's scan that notes, at each line break, how many tokens came before it (see <see cref="LineScan"/>);
        /// the end of the text counts as one more.</summary>
        public static TokenScan Of(string text, List<int> lineStarts)
        {
            var normalized = text.Normalize(NormalizationForm.FormD);
            var scan = Begin(normalized.Length);
            scan._lineStarts = lineStarts;
            scan.Read(normalized).Finish();
            scan._lineStarts = null;
            lineStarts.Add(scan.Count);
            return scan;
        }

        /// <summary>A span's text: read as it is when decomposition leaves it so (ASCII, most text), else as a string.</summary>
        public static TokenScan Of(ReadOnlySpan<char> text) =>
            text.IsNormalized(NormalizationForm.FormD) ? Begin(text.Length).Read(text).Finish() : Of(new string(text));

        /// <summary>
        /// A builder's text: read chunk by chunk where it lies when it is all ASCII, which decomposition leaves as it is (a
        /// page's blocks, <see cref="PageText"/>, are folded as they are gathered); otherwise made a string and read so.
        /// </summary>
        public static TokenScan Of(StringBuilder text)
        {
            foreach (var chunk in text.GetChunks())
            {
                if (!Ascii.IsValid(chunk.Span))
                {
                    return Of(text.ToString());
                }
            }
            var scan = Begin(text.Length);
            foreach (var chunk in text.GetChunks())
            {
                scan.Read(chunk.Span);
            }
            return scan.Finish();
        }

        private static TokenScan Begin(int capacity)
        {
            var scan = t_spare ?? new TokenScan();
            t_spare = null;
            scan._chars = ArrayPool<char>.Shared.Rent(Math.Max(capacity, 1));
            (scan._length, scan._start) = (0, 0);
            return scan;
        }

        // Decomposed text in; a token may run on from one call into the next.
        private TokenScan Read(ReadOnlySpan<char> normalized)
        {
            foreach (var ch in normalized)
            {
                if (char.IsAscii(ch))
                {
                    // What the general path below decides for these characters, without the category lookup.
                    if (char.IsAsciiLetterOrDigit(ch))
                    {
                        _chars[_length++] = char.ToLowerInvariant(ch);
                    }
                    else
                    {
                        EndToken();
                        if (ch == '\n' && _lineStarts is not null)
                        {
                            _lineStarts.Add(_tokens.Count);
                        }
                    }
                    continue;
                }
                var category = CharUnicodeInfo.GetUnicodeCategory(ch);
                if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
                {
                    continue;
                }
                if (IsUnspacedScript(ch))
                {
                    EndToken();
                    _chars[_length++] = ch;
                    EndToken();
                }
                else if (char.IsLetterOrDigit(ch))
                {
                    _chars[_length++] = char.ToLowerInvariant(ch);
                }
                else
                {
                    EndToken();
                }
            }
            return this;
        }

        private TokenScan Finish()
        {
            EndToken();
            return this;
        }

        /// <summary>Ends the token running from <see cref="_start"/> (if any); the next one starts at <see cref="_length"/>.</summary>
        private void EndToken()
        {
            if (_length > _start)
            {
                _tokens.Add((_start, _length - _start));
            }
            _start = _length;
        }

        public void Return()
        {
            ArrayPool<char>.Shared.Return(_chars);
            _chars = [];
            if (_tokens.Capacity <= MaxKeptTokens)
            {
                _tokens.Clear();
                t_spare = this;
            }
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

    public static ulong Add(ulong hash, string value) => Add(hash, value.AsSpan());

    /// <summary>A shingle's step: the token, then the space that ends it (both ways of hashing a window go through it).</summary>
    public static ulong AddToken(ulong hash, ReadOnlySpan<char> token) => Add(Add(hash, token), ' ');

    public static ulong Add(ulong hash, ReadOnlySpan<char> value)
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
