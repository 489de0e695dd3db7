namespace Archive.Transparency.Merkle;

/// <summary>The verification algorithms of RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), as a verifier runs them.</summary>
public static class ProofVerifier
{
    /// <summary>The root the audit path leads to from the leaf, or null when the path cannot belong to a tree of that size.</summary>
    public static byte[]? RootFromInclusion(ReadOnlySpan<byte> leafHash, long index, long size, IReadOnlyList<byte[]> path)
    {
        if (index < 0 || index >= size || path.Any(p => p.Length != TreeHashing.HashSize))
        {
            return null;
        }
        var fn = index;
        var sn = size - 1;
        var r = leafHash.ToArray();
        foreach (var p in path)
        {
            if (sn == 0)
            {
                return null;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                r = TreeHashing.NodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = TreeHashing.NodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null;
    }

    public static bool VerifyInclusion(ReadOnlySpan<byte> leafHash, long index, long size, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root) =>
        RootFromInclusion(leafHash, index, size, path) is { } computed && computed.AsSpan().SequenceEqual(root);

    /// <summary>True when <paramref name="path"/> proves the tree (<paramref name="from"/>, <paramref name="fromRoot"/>) is a prefix
    /// of (<paramref name="to"/>, <paramref name="toRoot"/>).</summary>
    public static bool VerifyConsistency(long from, long to, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> fromRoot, ReadOnlySpan<byte> toRoot)
    {
        if (from < 0 || from > to || path.Any(p => p.Length != TreeHashing.HashSize))
        {
            return false;
        }
        if (from == to)
        {
            return path.Count == 0 && fromRoot.SequenceEqual(toRoot);
        }
        if (from == 0)
        {
            // Every tree extends the empty one; there is nothing to prove.
            return path.Count == 0;
        }
        if (path.Count == 0)
        {
            return false;
        }
        var hashes = TreeHashing.IsPowerOfTwo(from) ? [fromRoot.ToArray(), .. path] : path.ToList();
        var fn = from - 1;
        var sn = to - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        var fr = hashes[0];
        var sr = hashes[0];
        foreach (var c in hashes.Skip(1))
        {
            if (sn == 0)
            {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = TreeHashing.NodeHash(c, fr);
                sr = TreeHashing.NodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = TreeHashing.NodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(fromRoot) && sr.AsSpan().SequenceEqual(toRoot);
    }
}
