using Archive.Transparency.Merkle;

namespace Archive.Transparency.Tiles;

/// <summary>
/// Grows the tiled tree by appending leaf hashes. It needs only the right edge of the current tree (one partial tile per
/// level at most, see <see cref="RightEdge"/>); a level-L tile that fills up adds its root to the level-(L+1) tile.
/// <see cref="Changed"/> lists the tiles to write back.
/// </summary>
public sealed class TileAppender
{
    private readonly TileSet _tiles;
    private readonly HashSet<(int Level, long Index)> _changed = [];

    public TileAppender(long size, TileSet rightEdge)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        Size = size;
        _tiles = rightEdge;
        foreach (var (level, index, width) in RightEdge(size))
        {
            if (!_tiles.Tiles.TryGetValue((level, index), out var hashes) || hashes.Length < width * TreeHashing.HashSize)
            {
                throw new MissingTileException($"Tile {level}/{index} of a tree of size {size} should hold {width} hashes.");
            }
            if (hashes.Length > width * TreeHashing.HashSize)
            {
                // A stored tile may run ahead of the size we were given only if someone else appended; never build on that.
                throw new InvalidOperationException($"Tile {level}/{index} holds more hashes than a tree of size {size} has.");
            }
        }
    }

    public long Size { get; private set; }

    public TileSet Tiles => _tiles;

    public IEnumerable<(int Level, long Index, byte[] Hashes)> Changed =>
        _changed.Select(k => (k.Level, k.Index, _tiles.Tiles[k]));

    /// <summary>The partial tiles of a tree of <paramref name="size"/> leaves: (level, index, width), width 1–255.</summary>
    public static IEnumerable<(int Level, long Index, int Width)> RightEdge(long size)
    {
        for (var level = 0; level <= TileId.MaxLevel && (size >> (TileId.Height * level)) > 0; level++)
        {
            var nodes = size >> (TileId.Height * level);
            var width = (int)(nodes & (TileId.FullWidth - 1));
            if (width > 0)
            {
                yield return (level, nodes >> TileId.Height, width);
            }
        }
    }

    public void Append(ReadOnlySpan<byte> leafHash)
    {
        var hash = leafHash.ToArray();
        var position = Size;
        for (var level = 0; ; level++)
        {
            var index = position >> TileId.Height;
            var key = (level, index);
            var hashes = _tiles.Tiles.TryGetValue(key, out var existing) ? [.. existing, .. hash] : hash;
            _tiles.Add(level, index, hashes);
            _changed.Add(key);
            if (hashes.Length < TileId.FullWidth * TreeHashing.HashSize)
            {
                break;
            }
            // The tile is complete: its root is the next hash one layer up.
            hash = TileSet.PerfectRoot(hashes);
            position = index;
        }
        Size++;
    }

    public byte[] Root() => MerkleTree.Root(_tiles, Size);
}
