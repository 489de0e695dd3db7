using System.Text;

namespace Archive.Bench.Scale;

/// <summary>
/// A deterministic synthetic news corpus. Article <c>i</c> is a pure function of (seed, i), so any article can be
/// regenerated (to derive a near-duplicate probe from it) without keeping the corpus in memory.
/// <list type="bullet">
/// <item>Vocabulary of <see cref="VocabularySize"/> made-up words drawn with Zipf(s = 1.05) frequencies.</item>
/// <item>Originals: 300–900 words in sentences of 6–28 words and paragraphs of 3–7 sentences.</item>
/// <item>10% of articles (after the first 1,000) are derived from an earlier original: half copies with ~2% of words
/// changed and maybe the last paragraph dropped, half excerpts (30–70% contiguous span) wrapped in 50–250 new words.</item>
/// <item>Boilerplate, as real outlets have: every article ends with its publisher's footer (one of
/// <see cref="Publishers"/>, 10–25 words), and 5% carry one of five wire-credit lines.</item>
/// </list>
/// </summary>
internal sealed class Corpus
{
    public const int VocabularySize = 50_000;
    public const int Publishers = 2_000;
    private const double ZipfExponent = 1.05;
    private const long NewTextOffset = 1L << 40;

    private readonly ulong seed;
    private readonly string[] vocabulary;
    private readonly double[] cumulative;
    private readonly string[][] footers;
    private readonly string[][] wireCredits;

    public Corpus(ulong seed)
    {
        this.seed = seed;
        var random = new Random(unchecked((int)Mix(seed)));
        vocabulary = MakeVocabulary(random);
        cumulative = new double[VocabularySize];
        var total = 0.0;
        for (var r = 0; r < VocabularySize; r++)
        {
            total += 1.0 / Math.Pow(r + 1, ZipfExponent);
            cumulative[r] = total;
        }
        for (var r = 0; r < VocabularySize; r++)
        {
            cumulative[r] /= total;
        }
        footers = [.. Enumerable.Range(0, Publishers).Select(_ => Sentence(random, 10 + random.Next(16)).ToArray())];
        wireCredits = [.. Enumerable.Range(0, 5).Select(_ => Sentence(random, 10 + random.Next(5)).ToArray())];
    }

    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    public Guid IdOf(long i)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, Mix(seed ^ Mix((ulong)i)));
        BitConverter.TryWriteBytes(bytes[8..], Mix(seed + (ulong)i * 0x2545F4914F6CDD1DUL));
        return new Guid(bytes);
    }

    public int PublisherOf(long i) => (int)(Mix(seed ^ ((ulong)i * 31 + 7)) % Publishers);

    public bool IsDerived(long i) => i >= 1_000 && Mix(seed ^ ((ulong)i * 131 + 3)) % 100 < 10;

    /// <summary>The text of corpus article <paramref name="i"/>.</summary>
    public string Text(long i)
    {
        var random = RandomFor(i, 1);
        List<string> words;
        if (IsDerived(i))
        {
            var source = (long)(Mix(seed ^ ((ulong)i * 977)) % (ulong)i);
            while (IsDerived(source))
            {
                source--;
            }
            words = Derive(Body(source), random);
        }
        else
        {
            words = Body(i);
        }
        return Finish(words, PublisherOf(i), random);
    }

    /// <summary>A probe that is a near-duplicate (copy or excerpt) of corpus article <paramref name="target"/>.</summary>
    public string NearDuplicateOf(long target, int probe)
    {
        var random = RandomFor(NewTextOffset + target, 1000 + probe);
        var source = Tokens(Text(target));
        return Finish(Derive(source, random), random.Next(Publishers), random);
    }

    /// <summary>A probe that is a new original text, unrelated to the corpus except through shared vocabulary and boilerplate.</summary>
    public string NewText(int probe)
    {
        var i = NewTextOffset + probe;
        var random = RandomFor(i, 2);
        return Finish(Body(i), random.Next(Publishers), random);
    }

    private Random RandomFor(long i, int stream) => new(unchecked((int)Mix(seed ^ Mix((ulong)i * 0x100000001B3UL + (ulong)stream))));

    private static List<string> Tokens(string text) =>
        [.. text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)];

    private List<string> Body(long i)
    {
        var random = RandomFor(i, 0);
        var length = 300 + random.Next(601);
        var words = new List<string>(length + 40);
        var sentencesInParagraph = 0;
        while (words.Count < length)
        {
            words.AddRange(Sentence(random, 6 + random.Next(23)));
            if (++sentencesInParagraph >= 3 + random.Next(5))
            {
                words[^1] += "\n";
                sentencesInParagraph = 0;
            }
        }
        return words;
    }

    private List<string> Derive(List<string> source, Random random)
    {
        if (random.Next(2) == 0)
        {
            // A copy: a few words edited, maybe the last paragraph dropped.
            var copy = new List<string>(source);
            var edits = Math.Max(1, copy.Count / 50);
            for (var e = 0; e < edits; e++)
            {
                copy[random.Next(copy.Count)] = Word(random);
            }
            var lastBreak = copy.FindLastIndex(copy.Count - 2, w => w.EndsWith('\n'));
            if (random.Next(3) == 0 && lastBreak > copy.Count / 2)
            {
                copy.RemoveRange(lastBreak + 1, copy.Count - lastBreak - 1);
            }
            return copy;
        }
        // An excerpt: a contiguous 30–70% of the source inside new commentary.
        var span = (int)(source.Count * (0.3 + 0.4 * random.NextDouble()));
        var start = random.Next(source.Count - span + 1);
        var words = new List<string>();
        var before = 25 + random.Next(100);
        while (words.Count < before)
        {
            words.AddRange(Sentence(random, 6 + random.Next(23)));
        }
        words.AddRange(source.GetRange(start, span));
        var after = words.Count + 25 + random.Next(100);
        while (words.Count < after)
        {
            words.AddRange(Sentence(random, 6 + random.Next(23)));
        }
        return words;
    }

    private string Finish(List<string> words, int publisher, Random random)
    {
        if (random.Next(100) < 5)
        {
            words.AddRange(wireCredits[random.Next(wireCredits.Length)]);
        }
        words.AddRange(footers[publisher]);
        return string.Join(' ', words);
    }

    private List<string> Sentence(Random random, int length)
    {
        var words = new List<string>(length);
        for (var w = 0; w < length; w++)
        {
            words.Add(Word(random));
        }
        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        words[^1] += random.Next(8) == 0 ? "," : ".";
        return words;
    }

    private string Word(Random random)
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble());
        return vocabulary[Math.Min(index < 0 ? ~index : index, VocabularySize - 1)];
    }

    private static string[] MakeVocabulary(Random random)
    {
        string[] onsets = ["b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br", "ch", "cl", "dr", "fl", "gr", "pl", "pr", "sh", "st", "th", "tr"];
        string[] vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "y"];
        string[] codas = ["", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "rk"];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var words = new List<string>(VocabularySize);
        var builder = new StringBuilder();
        while (words.Count < VocabularySize)
        {
            // Frequent words are short, as in real text.
            var syllables = words.Count < 100 ? 1 : words.Count < 3_000 ? 1 + random.Next(2) : 2 + random.Next(3);
            builder.Clear();
            for (var s = 0; s < syllables; s++)
            {
                builder.Append(onsets[random.Next(onsets.Length)]).Append(vowels[random.Next(vowels.Length)]).Append(codas[random.Next(codas.Length)]);
            }
            var word = builder.ToString();
            if (seen.Add(word))
            {
                words.Add(word);
            }
        }
        return [.. words];
    }
}
