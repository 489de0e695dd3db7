namespace Archive.Transparency.Merkle;

/// <summary>
/// The hash of a complete subtree: node (<c>level</c>, <c>index</c>) covers leaves [index·2^level, (index+1)·2^level).
/// Every Merkle tree hash the log needs (roots, proofs) is built from these, so a store only has to keep complete subtrees.
/// </summary>
public interface INodeReader
{
    byte[] Node(int level, long index);
}
