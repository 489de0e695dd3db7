using System.Security.Cryptography;
using Archive.Transparency.Merkle;

namespace Archive.Transparency.Tests;

/// <summary>RFC 9162 §2.1's definitions written out literally over a list of entries: the reference the tiled code must match.</summary>
internal sealed class NaiveTree(IReadOnlyList<byte[]> entries) : INodeReader
{
    // Memoised so that large trees stay quick; the definitions below are still the RFC's, word for word.
    private readonly Dictionary<(int, int), byte[]> _known = [];

    public static NaiveTree WithLeaves(int count) =>
        new([.. Enumerable.Range(0, count).Select(i => SHA256.HashData(BitConverter.GetBytes(i)))]);

    public byte[] Mth(int lo, int hi)
    {
        if (_known.TryGetValue((lo, hi), out var known))
        {
            return known;
        }
        var hash = Compute(lo, hi);
        _known[(lo, hi)] = hash;
        return hash;
    }

    private byte[] Compute(int lo, int hi)
    {
        if (hi - lo == 0)
        {
            return SHA256.HashData([]);
        }
        if (hi - lo == 1)
        {
            return TreeHashing.LeafHash(entries[lo]);
        }
        var k = 1;
        while (k * 2 < hi - lo)
        {
            k *= 2;
        }
        return TreeHashing.NodeHash(Mth(lo, lo + k), Mth(lo + k, hi));
    }

    public byte[] Node(int level, long index) => Mth((int)(index << level), (int)((index + 1) << level));

    public List<byte[]> Path(int m, int lo, int hi)
    {
        if (hi - lo == 1)
        {
            return [];
        }
        var k = Split(hi - lo);
        return m < lo + k ? [.. Path(m, lo, lo + k), Mth(lo + k, hi)] : [.. Path(m, lo + k, hi), Mth(lo, lo + k)];
    }

    public List<byte[]> Proof(int m, int n) => m == 0 || m == n ? [] : SubProof(m, 0, n, true);

    private List<byte[]> SubProof(int m, int lo, int hi, bool b)
    {
        if (m == hi)
        {
            return b ? [] : [Mth(lo, hi)];
        }
        var k = Split(hi - lo);
        return m <= lo + k ? [.. SubProof(m, lo, lo + k, b), Mth(lo + k, hi)] : [.. SubProof(m, lo + k, hi, false), Mth(lo, lo + k)];
    }

    private static int Split(int n)
    {
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }
        return k;
    }
}
