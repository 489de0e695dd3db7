namespace Archive.Transparency.Merkle;

/// <summary>
/// RFC 9162 §2.1 tree heads and proofs computed from complete-subtree hashes (<see cref="INodeReader"/>), following the
/// RFC's recursive definitions of MTH, PATH and PROOF/SUBPROOF: every range they visit is either a complete aligned subtree
/// (one node) or the right edge of a tree, which splits into complete subtrees.
/// </summary>
public static class MerkleTree
{
    /// <summary>MTH(D[0:size]).</summary>
    public static byte[] Root(INodeReader nodes, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return size == 0 ? TreeHashing.EmptyRoot : RangeHash(nodes, 0, size);
    }

    /// <summary>PATH(index, D[0:size]): the audit path, from the leaf's sibling up.</summary>
    public static List<byte[]> InclusionProof(INodeReader nodes, long index, long size)
    {
        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Index {index} is not in a tree of size {size}.");
        }
        var proof = new List<byte[]>();
        Path(nodes, index, 0, size, proof);
        return proof;
    }

    /// <summary>PROOF(from, D[0:to]): empty when from is 0 or equals to.</summary>
    public static List<byte[]> ConsistencyProof(INodeReader nodes, long from, long to)
    {
        if (from < 0 || from > to)
        {
            throw new ArgumentOutOfRangeException(nameof(from), $"Cannot prove a tree of size {from} consistent with one of size {to}.");
        }
        var proof = new List<byte[]>();
        if (from > 0 && from < to)
        {
            SubProof(nodes, from, 0, to, true, proof);
        }
        return proof;
    }

    /// <summary>MTH(D[lo:hi]) for the ranges the RFC recursion produces.</summary>
    internal static byte[] RangeHash(INodeReader nodes, long lo, long hi)
    {
        var size = hi - lo;
        if (TreeHashing.IsPowerOfTwo(size) && lo % size == 0)
        {
            return nodes.Node(System.Numerics.BitOperations.Log2((ulong)size), lo / size);
        }
        var k = TreeHashing.SplitPoint(size);
        return TreeHashing.NodeHash(RangeHash(nodes, lo, lo + k), RangeHash(nodes, lo + k, hi));
    }

    private static void Path(INodeReader nodes, long m, long lo, long hi, List<byte[]> proof)
    {
        if (hi - lo == 1)
        {
            return;
        }
        var k = TreeHashing.SplitPoint(hi - lo);
        if (m < lo + k)
        {
            Path(nodes, m, lo, lo + k, proof);
            proof.Add(RangeHash(nodes, lo + k, hi));
        }
        else
        {
            Path(nodes, m, lo + k, hi, proof);
            proof.Add(RangeHash(nodes, lo, lo + k));
        }
    }

    /// <summary>SUBPROOF(m, D[lo:hi], b) with m the old tree's size (lo ≤ m ≤ hi).</summary>
    private static void SubProof(INodeReader nodes, long m, long lo, long hi, bool known, List<byte[]> proof)
    {
        if (m == hi)
        {
            if (!known)
            {
                proof.Add(RangeHash(nodes, lo, hi));
            }
            return;
        }
        var k = TreeHashing.SplitPoint(hi - lo);
        if (m <= lo + k)
        {
            SubProof(nodes, m, lo, lo + k, known, proof);
            proof.Add(RangeHash(nodes, lo + k, hi));
        }
        else
        {
            SubProof(nodes, m, lo + k, hi, false, proof);
            proof.Add(RangeHash(nodes, lo, lo + k));
        }
    }
}
