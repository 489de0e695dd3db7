using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
        var count = shingleHashes.Count;
        var rented = ArrayPool<long>.Shared.Rent(count);
        var minHash = new long[Permutations];
        var samples = new List<long>((count / SampleModulus) + Bands);
        try
        {
            var shingles = rented.AsSpan(0, count);
            if (shingleHashes is HashSet<long> set)
            {
                set.CopyTo(rented);
            }
            else
            {
                var i = 0;
                foreach (var shingle in shingleHashes)
                {
                    shingles[i++] = shingle;
                }
            }
            MinHash(shingles, minHash);
            foreach (var shingle in shingles)
            {
                if (StableHash.Mix((ulong)shingle ^ SampleSalt) % SampleModulus == 0)
                {
                    samples.Add(shingle | 1L);
                }
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(rented);
        }
        // The smallest sampled hashes, then the band keys: sorted and distinct, as the index holds them.
        samples.Sort();
        if (samples.Count > MaxSampleKeys)
        {
            samples.RemoveRange(MaxSampleKeys, samples.Count - MaxSampleKeys);
        }
        for (var band = 0; band < Bands; band++)
        {
            var hash = StableHash.Mix((ulong)band);
            for (var row = 0; row < RowsPerBand; row++)
            {
                hash = StableHash.Mix(hash ^ (ulong)minHash[(band * RowsPerBand) + row]);
            }
            samples.Add((long)hash & ~1L);
        }
        return new Fingerprint(SortedKeys.Of(samples), minHash, shingleHashes.Count);
    }

    /// <summary>The MinHash signature of <paramref name="shingles"/> into <paramref name="minHash"/>: for each permutation
    /// the least <c>Mix(shingle ^ seed) &gt;&gt; 1</c>. Four permutations a vector where 64-bit multiplication is one
    /// instruction (AVX-512DQ with VL), else <see cref="MinHashScalar"/>: the same arithmetic, so the same numbers.
    /// ~1,700 shingles × 128 permutations a real page: 0.34 ms scalar, 0.08 vectorised (docs/performance.md, svc29).</summary>
    internal static void MinHash(ReadOnlySpan<long> shingles, Span<long> minHash)
    {
        if (Vector256.IsHardwareAccelerated && Avx512DQ.VL.IsSupported)
        {
            MinHashVector(shingles, minHash);
        }
        else
        {
            MinHashScalar(shingles, minHash);
        }
    }

    /// <summary>The signature one permutation and one shingle at a time (the reference form).</summary>
    internal static void MinHashScalar(ReadOnlySpan<long> shingles, Span<long> minHash)
    {
        minHash[..Permutations].Fill(long.MaxValue);
        foreach (var shingle in shingles)
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
    }

    /// <summary>Four permutations a vector; the minima of 16 permutations stay in registers over all the shingles.</summary>
    internal static void MinHashVector(ReadOnlySpan<long> shingles, Span<long> minHash)
    {
        var seeds = MemoryMarshal.Cast<ulong, Vector256<ulong>>(Seeds.AsSpan());
        var mins = MemoryMarshal.Cast<long, Vector256<long>>(minHash[..Permutations]);
        for (var block = 0; block < seeds.Length; block += 4)
        {
            var (s0, s1, s2, s3) = (seeds[block], seeds[block + 1], seeds[block + 2], seeds[block + 3]);
            var m0 = Vector256.Create(long.MaxValue);
            var (m1, m2, m3) = (m0, m0, m0);
            foreach (var shingle in shingles)
            {
                var x = Vector256.Create((ulong)shingle);
                m0 = Vector256.Min(m0, Mix(x ^ s0));
                m1 = Vector256.Min(m1, Mix(x ^ s1));
                m2 = Vector256.Min(m2, Mix(x ^ s2));
                m3 = Vector256.Min(m3, Mix(x ^ s3));
            }
            (mins[block], mins[block + 1], mins[block + 2], mins[block + 3]) = (m0, m1, m2, m3);
        }
    }

    /// <summary><see cref="StableHash.Mix"/> of each lane, shifted right by one: a non-negative long.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> Mix(Vector256<ulong> x)
    {
        x += Vector256.Create(0x9E3779B97F4A7C15UL);
        x = (x ^ (x >>> 30)) * Vector256.Create(0xBF58476D1CE4E5B9UL);
        x = (x ^ (x >>> 27)) * Vector256.Create(0x94D049BB133111EBUL);
        return ((x ^ (x >>> 31)) >>> 1).AsInt64();
    }
}
