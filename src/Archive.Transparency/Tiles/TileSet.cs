using Archive.Transparency.Merkle;

namespace Archive.Transparency.Tiles;

/// <summary>
/// Tiles as stored (level, index → concatenated hashes, 32 bytes each), read as complete-subtree hashes: node (l, n) is
/// hash n of the level-(l/8) tile layer when l is a multiple of 8, and otherwise the root of the 2^(l mod 8) hashes of that
/// layer it spans, hashed up inside one tile. Tiles only grow, so a stored tile also serves every smaller tree.
/// </summary>
public sealed class TileSet : INodeReader
{
    private readonly Dictionary<(int Level, long Index), byte[]> _tiles = [];

    public IReadOnlyDictionary<(int Level, long Index), byte[]> Tiles => _tiles;

    public void Add(int level, long index, byte[] hashes)
    {
        if (hashes.Length == 0 || hashes.Length % TreeHashing.HashSize != 0 || hashes.Length > TileId.FullWidth * TreeHashing.HashSize)
        {
            throw new ArgumentException($"Tile {level}/{index} holds {hashes.Length} bytes, not a whole number of hashes (1–256).", nameof(hashes));
        }
        _tiles[(level, index)] = hashes;
    }

    public byte[] Node(int level, long index)
    {
        var (tile, first, count) = Locate(level, index);
        if (!_tiles.TryGetValue(tile, out var hashes) || (first + count) * TreeHashing.HashSize > hashes.Length)
        {
            throw new MissingTileException($"Node {level}/{index} needs tile {tile.Level}/{tile.Index} with at least {first + count} hashes.");
        }
        return PerfectRoot(hashes.AsSpan(first * TreeHashing.HashSize, count * TreeHashing.HashSize));
    }

    /// <summary>The tile holding node (level, index), where its span starts in the tile, and how many hashes it spans.</summary>
    public static ((int Level, long Index) Tile, int First, int Count) Locate(int level, long index)
    {
        var layer = level / TileId.Height;
        var within = level % TileId.Height;
        var start = index << within;
        return ((layer, start >> TileId.Height), (int)(start & (TileId.FullWidth - 1)), 1 << within);
    }

    /// <summary>The tiles needed to read <paramref name="nodes"/>.</summary>
    public static IReadOnlyList<(int Level, long Index)> TilesFor(IEnumerable<(int Level, long Index)> nodes) =>
        nodes.Select(n => Locate(n.Level, n.Index).Tile).Distinct().ToList();

    /// <summary>Root of a perfect tree over consecutive hashes (a power-of-two count).</summary>
    internal static byte[] PerfectRoot(ReadOnlySpan<byte> hashes)
    {
        var count = hashes.Length / TreeHashing.HashSize;
        if (count == 1)
        {
            return hashes.ToArray();
        }
        var level = new byte[count / 2][];
        for (var i = 0; i < level.Length; i++)
        {
            level[i] = TreeHashing.NodeHash(hashes.Slice(2 * i * TreeHashing.HashSize, TreeHashing.HashSize),
                hashes.Slice((2 * i + 1) * TreeHashing.HashSize, TreeHashing.HashSize));
        }
        while (level.Length > 1)
        {
            var next = new byte[level.Length / 2][];
            for (var i = 0; i < next.Length; i++)
            {
                next[i] = TreeHashing.NodeHash(level[2 * i], level[2 * i + 1]);
            }
            level = next;
        }
        return level[0];
    }
}

/// <summary>A node was asked of tiles that do not hold it (the tree is smaller, or a tile was not loaded).</summary>
public sealed class MissingTileException(string message) : Exception(message);

/// <summary>Records the nodes an algorithm asks for (answering with zeros), so the tiles they live in can be read at once.</summary>
public sealed class NodeRecorder : INodeReader
{
    private static readonly byte[] Zero = new byte[TreeHashing.HashSize];

    public HashSet<(int Level, long Index)> Nodes { get; } = [];

    public byte[] Node(int level, long index)
    {
        Nodes.Add((level, index));
        return Zero;
    }
}
