using Archive.Transparency.Merkle;
using Archive.Transparency.Tiles;

namespace Archive.Transparency.Tests;

public sealed class TileTests
{
    [Theory]
    [InlineData(0, 0L, 256, "tile/0/000")]
    [InlineData(0, 1234067L, 256, "tile/0/x001/x234/067")]
    [InlineData(3, 1234067L, 8, "tile/3/x001/x234/067.p/8")]
    [InlineData(1, 999L, 1, "tile/1/999.p/1")]
    [InlineData(0, 1000L, 256, "tile/0/x001/000")]
    public void Tile_paths_are_written_and_read_as_the_spec_spells_them(int level, long index, int width, string path)
    {
        var tile = new TileId(level, index, width);
        Assert.Equal(path, tile.Path());
        Assert.True(TileId.TryParse(path["tile/".Length..], out var parsed, out var entries));
        Assert.False(entries);
        Assert.Equal(tile, parsed);
    }

    [Theory]
    [InlineData("0/0")]
    [InlineData("0/0000")]
    [InlineData("0/x01/000")]
    [InlineData("0/001/000")]
    [InlineData("00/000")]
    [InlineData("64/000")]
    [InlineData("0/000.p/0")]
    [InlineData("0/000.p/256")]
    [InlineData("0/000.p/012")]
    [InlineData("0/-01")]
    [InlineData("x/000")]
    public void Malformed_tile_paths_are_refused(string path) => Assert.False(TileId.TryParse(path, out _, out _));

    [Fact]
    public void Entry_bundle_paths_parse_as_level_zero()
    {
        Assert.True(TileId.TryParse("entries/x001/234.p/7", out var tile, out var entries));
        Assert.True(entries);
        Assert.Equal(new TileId(0, 1234, 7), tile);
        Assert.Equal("tile/entries/x001/234.p/7", tile.Path(entries: true));
    }

    [Fact]
    public void A_tree_of_70000_has_the_partial_tiles_the_spec_lists() =>
        Assert.Equal([(0, 273L, 112), (1, 1L, 17), (2, 0L, 1)], TileAppender.RightEdge(70_000));

    [Fact]
    public void Tiles_grown_leaf_by_leaf_give_the_rfc_roots_and_proofs_for_every_smaller_tree()
    {
        const int count = 70_000;
        var naive = NaiveTree.WithLeaves(count);
        var appender = new TileAppender(0, new TileSet());
        var sizes = new HashSet<int> { 1, 2, 255, 256, 257, 511, 512, 65_535, 65_536, 65_537, count };
        for (var i = 0; i < count; i++)
        {
            appender.Append(naive.Mth(i, i + 1));
            if (sizes.Contains(i + 1))
            {
                Assert.Equal(naive.Mth(0, i + 1), appender.Root());
            }
        }
        var tiles = appender.Tiles;
        Assert.Equal(273 + 1 + 1 + 1 + 1, tiles.Tiles.Count);
        var random = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            var n = random.Next(1, count + 1);
            var m = random.Next(0, n);
            Assert.Equal(naive.Path(m, 0, n), MerkleTree.InclusionProof(tiles, m, n));
            Assert.Equal(naive.Proof(m, n), MerkleTree.ConsistencyProof(tiles, m, n));
        }
    }

    [Fact]
    public void Appending_in_batches_from_a_loaded_right_edge_continues_the_same_tree()
    {
        var naive = NaiveTree.WithLeaves(1_000);
        var whole = new TileAppender(0, new TileSet());
        for (var i = 0; i < 600; i++)
        {
            whole.Append(naive.Mth(i, i + 1));
        }
        // Only the right edge of the 600-leaf tree is handed on, as the store does.
        var edge = new TileSet();
        foreach (var (level, index, _) in TileAppender.RightEdge(600))
        {
            edge.Add(level, index, whole.Tiles.Tiles[(level, index)]);
        }
        var next = new TileAppender(600, edge);
        for (var i = 600; i < 1_000; i++)
        {
            next.Append(naive.Mth(i, i + 1));
        }
        Assert.Equal(naive.Mth(0, 1_000), next.Root());
        Assert.Contains(next.Changed, t => t.Level == 1 && t.Index == 0 && t.Hashes.Length == 3 * TreeHashing.HashSize);
    }

    [Fact]
    public void A_node_missing_from_the_tiles_is_reported_not_invented()
    {
        var appender = new TileAppender(0, new TileSet());
        appender.Append(new byte[32]);
        Assert.Throws<MissingTileException>(() => MerkleTree.Root(appender.Tiles, 2));
    }
}
