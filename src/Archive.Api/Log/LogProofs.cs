using Archive.Data;
using Archive.Transparency.Merkle;
using Archive.Transparency.Tiles;

namespace Archive.Api.Log;

/// <summary>
/// RFC 9162 proofs and roots built from the stored tiles: the nodes a proof needs are listed first (O(log n) of them, in a
/// few tiles), taken from the <see cref="TileCache"/> where it holds them, and the rest read in one query.
/// </summary>
public sealed class LogProofs(LogStore store, TileCache cache)
{
    public async Task<List<byte[]>> InclusionAsync(long index, long treeSize, CancellationToken ct)
    {
        var needed = new NodeRecorder();
        MerkleTree.InclusionProof(needed, index, treeSize);
        return MerkleTree.InclusionProof(await TilesAsync(needed.Nodes, ct), index, treeSize);
    }

    public async Task<List<byte[]>> ConsistencyAsync(long from, long to, CancellationToken ct)
    {
        var needed = new NodeRecorder();
        MerkleTree.ConsistencyProof(needed, from, to);
        return MerkleTree.ConsistencyProof(await TilesAsync(needed.Nodes, ct), from, to);
    }

    /// <summary>The root of the tree of <paramref name="treeSize"/> recomputed from the tiles (read from the database, not the
    /// cache, when <paramref name="fromDatabase"/>: verification re-reads what is stored).</summary>
    public async Task<byte[]> RootAsync(long treeSize, bool fromDatabase, CancellationToken ct)
    {
        var needed = new NodeRecorder();
        MerkleTree.Root(needed, treeSize);
        var tiles = fromDatabase ? await store.TilesAsync(TileSet.TilesFor(needed.Nodes), ct) : await TilesAsync(needed.Nodes, ct);
        return MerkleTree.Root(tiles, treeSize);
    }

    private async Task<TileSet> TilesAsync(IEnumerable<(int Level, long Index)> nodes, CancellationToken ct)
    {
        var set = new TileSet();
        var missing = new List<(int Level, long Index)>();
        foreach (var ((level, index), width) in TileCache.WidthsFor(nodes))
        {
            if (cache.Get(level, index, width) is { } hashes)
            {
                set.Add(level, index, hashes);
            }
            else
            {
                missing.Add((level, index));
            }
        }
        if (missing.Count > 0)
        {
            foreach (var ((level, index), hashes) in (await store.TilesAsync(missing, ct)).Tiles)
            {
                cache.Put(level, index, hashes);
                set.Add(level, index, hashes);
            }
        }
        return set;
    }
}
