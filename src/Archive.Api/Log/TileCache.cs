using System.Collections.Concurrent;
using Archive.Transparency.Merkle;
using Archive.Transparency.Tiles;

namespace Archive.Api.Log;

/// <summary>
/// Tiles already read, kept in memory: a tile only ever grows (the database refuses anything else), so a cached tile stays
/// right for every node it holds, and a proof needs the database only for nodes beyond what is cached. The upper layers
/// serve every proof and stay; the oldest level-0 tiles leave first past <see cref="LogOptions.TileCacheTiles"/>.
/// </summary>
public sealed class TileCache(Microsoft.Extensions.Options.IOptions<LogOptions> options)
{
    private readonly ConcurrentDictionary<(int Level, long Index), byte[]> _tiles = new();
    private readonly ConcurrentQueue<(int Level, long Index)> _order = new();

    /// <summary>The cached tile if it holds at least <paramref name="width"/> hashes.</summary>
    public byte[]? Get(int level, long index, int width) =>
        _tiles.TryGetValue((level, index), out var hashes) && hashes.Length >= width * TreeHashing.HashSize ? hashes : null;

    public void Put(int level, long index, byte[] hashes)
    {
        var added = false;
        _tiles.AddOrUpdate((level, index), _ => { added = true; return hashes; }, (_, known) => known.Length >= hashes.Length ? known : hashes);
        if (added && level == 0)
        {
            _order.Enqueue((level, index));
            while (_order.Count > options.Value.TileCacheTiles && _order.TryDequeue(out var oldest))
            {
                _tiles.TryRemove(oldest, out _);
            }
        }
    }

    /// <summary>The width each tile must have to hold these nodes.</summary>
    public static Dictionary<(int Level, long Index), int> WidthsFor(IEnumerable<(int Level, long Index)> nodes)
    {
        var widths = new Dictionary<(int, long), int>();
        foreach (var (level, index) in nodes)
        {
            var (tile, first, count) = TileSet.Locate(level, index);
            widths[tile] = Math.Max(widths.GetValueOrDefault(tile), first + count);
        }
        return widths;
    }
}
