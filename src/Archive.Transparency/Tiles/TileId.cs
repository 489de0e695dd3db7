using System.Globalization;
using System.Text;

namespace Archive.Transparency.Tiles;

/// <summary>
/// A C2SP tlog-tiles tile: at <see cref="Level"/> L, tile N holds up to 256 hashes of complete subtrees of 256^L leaves,
/// the hashes of level-(8·L) tree nodes N·256 … N·256+255. <see cref="Width"/> below 256 makes it a partial tile.
/// </summary>
public readonly record struct TileId(int Level, long Index, int Width = TileId.FullWidth)
{
    public const int Height = 8;
    public const int FullWidth = 1 << Height;
    public const int MaxLevel = 63;

    public bool IsPartial => Width < FullWidth;

    /// <summary>The first and one-past-last leaf the tile's hashes span.</summary>
    public long StartLeaf => Index << (Height * (Level + 1));

    /// <summary><c>tile/L/N[.p/W]</c>, or <c>tile/entries/N[.p/W]</c> for the entry bundle of a level-0 tile.</summary>
    public string Path(bool entries = false)
    {
        var builder = new StringBuilder("tile/").Append(entries ? "entries" : Level.ToString(CultureInfo.InvariantCulture)).Append('/');
        builder.Append(EncodeIndex(Index));
        if (IsPartial)
        {
            builder.Append(".p/").Append(Width.ToString(CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    /// <summary>N as zero-padded 3-digit path elements, all but the last prefixed with x: 1234067 → x001/x234/067.</summary>
    internal static string EncodeIndex(long index)
    {
        var parts = new List<string>();
        do
        {
            parts.Add((index % 1000).ToString("000", CultureInfo.InvariantCulture));
            index /= 1000;
        }
        while (index > 0);
        parts.Reverse();
        return string.Join('/', parts.Select((p, i) => i < parts.Count - 1 ? "x" + p : p));
    }

    /// <summary>
    /// Parses what follows <c>tile/</c>: <c>L/N[.p/W]</c> or <c>entries/N[.p/W]</c> (<paramref name="entries"/> is then true, Level 0).
    /// Strict, as the spec writes them: no extra leading zeros, widths 1–255, levels 0–63.
    /// </summary>
    public static bool TryParse(string path, out TileId tile, out bool entries)
    {
        tile = default;
        entries = false;
        var parts = path.Split('/');
        if (parts.Length < 2)
        {
            return false;
        }
        var width = FullWidth;
        var last = parts.Length - 1;
        if (parts.Length >= 3 && parts[^2].EndsWith(".p", StringComparison.Ordinal))
        {
            if (!TryParseDecimal(parts[^1], 1, FullWidth - 1, out var w))
            {
                return false;
            }
            width = (int)w;
            parts[^2] = parts[^2][..^2];
            last = parts.Length - 2;
        }
        int level;
        if (parts[0] == "entries")
        {
            entries = true;
            level = 0;
        }
        else if (TryParseDecimal(parts[0], 0, MaxLevel, out var l))
        {
            level = (int)l;
        }
        else
        {
            return false;
        }
        long index = 0;
        for (var i = 1; i <= last; i++)
        {
            var element = parts[i];
            var prefixed = i < last;
            if (element.Length != (prefixed ? 4 : 3) || (prefixed && element[0] != 'x')
                || !element.AsSpan(prefixed ? 1 : 0).ToString().All(char.IsAsciiDigit) || index > (long.MaxValue - 999) / 1000)
            {
                return false;
            }
            index = index * 1000 + int.Parse(element.AsSpan(prefixed ? 1 : 0), CultureInfo.InvariantCulture);
        }
        tile = new TileId(level, index, width);
        return true;
    }

    private static bool TryParseDecimal(string text, long min, long max, out long value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > 3 || !text.All(char.IsAsciiDigit) || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }
        value = long.Parse(text, CultureInfo.InvariantCulture);
        return value >= min && value <= max;
    }
}
