using System.Runtime.Intrinsics;

namespace Archive.Engine.Lineage;

/// <summary>
/// Computes a <see cref="Fingerprint"/> from canonical text. Everything is a pure function of the text: the same text
/// gives the same keys in the same order on every machine and run.
/// </summary>
public static class Fingerprinter
{
    public const int Permutations = 128;
    public const int Bands = 32;
    public const int RowsPerBand = Permutations / Bands;

    /// <summary>One shingle in this many is sampled as a containment key (chosen by its hash, so two texts sample
    /// the same shingles of a passage they share).</summary>
    public const int SampleModulus = 8;

    /// <summary>Bound on sampled keys per text: the smallest sampled hashes are kept, which is still content-defined;
    /// texts up to about 4,000 words are sampled in full.</summary>
    public const int MaxSampleKeys = 512;

    private static readonly ulong[] Seeds = [.. Enumerable.Range(1, Permutations).Select(i => StableHash.Mix((ulong)i * 0x632BE59BD9B4E019UL))];
    private static readonly Vector512<ulong>[] SeedVectors = [.. Enumerable.Range(0, Permutations / 8).Select(i => Vector512.Create(Seeds.AsSpan(i * 8, 8)))];
    private const ulong SampleSalt = 0x5DEECE66DUL;

    public static Fingerprint Compute(string canonicalText)
    {
        ArgumentNullException.ThrowIfNull(canonicalText);
        return Compute(Shingles.HashSet(canonicalText));
    }

    public static Fingerprint Compute(IReadOnlyCollection<long> shingleHashes)
    {
        ArgumentNullException.ThrowIfNull(shingleHashes);
        if (shingleHashes.Count == 0)
        {
            return new Fingerprint([], [], 0);
        }
        var minHash = new long[Permutations];
        Array.Fill(minHash, long.MaxValue);
        var samples = new List<long>();
        var vectors = Vector512.IsHardwareAccelerated;
        Span<Vector512<long>> minima = stackalloc Vector512<long>[Permutations / 8];
        minima.Fill(Vector512.Create(long.MaxValue));
        foreach (var shingle in shingleHashes)
        {
            if (vectors)
            {
                MinimaOf(shingle, minima);
            }
            else
            {
                for (var p = 0; p < Permutations; p++)
                {
                    var value = (long)(StableHash.Mix((ulong)shingle ^ Seeds[p]) >> 1);
                    if (value < minHash[p])
                    {
                        minHash[p] = value;
                    }
                }
            }
            if (StableHash.Mix((ulong)shingle ^ SampleSalt) % SampleModulus == 0)
            {
                samples.Add(shingle | 1L);
            }
        }
        if (vectors)
        {
            for (var i = 0; i < minima.Length; i++)
            {
                minima[i].CopyTo(minHash, i * 8);
            }
        }
        samples.Sort();
        var keys = new SortedSet<long>(samples.Take(MaxSampleKeys));
        for (var band = 0; band < Bands; band++)
        {
            var hash = StableHash.Mix((ulong)band);
            for (var row = 0; row < RowsPerBand; row++)
            {
                hash = StableHash.Mix(hash ^ (ulong)minHash[(band * RowsPerBand) + row]);
            }
            keys.Add((long)hash & ~1L);
        }
        return new Fingerprint([.. keys], minHash, shingleHashes.Count);
    }

    // The 128 permutations of one shingle eight at a time: StableHash.Mix lane by lane (64-bit lanes, so the same
    // values as the scalar loop on any machine), each lane's running minimum kept. Where 512-bit vectors are not
    // accelerated the scalar loop runs instead: emulated 64-bit multiplies would cost more than they save.
    private static void MinimaOf(long shingle, Span<Vector512<long>> minima)
    {
        var value = Vector512.Create((ulong)shingle);
        var seeds = SeedVectors;
        for (var i = 0; i < minima.Length && i < seeds.Length; i++)
        {
            var x = (value ^ seeds[i]) + Vector512.Create(0x9E3779B97F4A7C15UL);
            x = (x ^ Vector512.ShiftRightLogical(x, 30)) * Vector512.Create(0xBF58476D1CE4E5B9UL);
            x = (x ^ Vector512.ShiftRightLogical(x, 27)) * Vector512.Create(0x94D049BB133111EBUL);
            x ^= Vector512.ShiftRightLogical(x, 31);
            minima[i] = Vector512.Min(minima[i], Vector512.ShiftRightLogical(x, 1).AsInt64());
        }
    }
}
