using System.Globalization;

namespace Archive.Fetching;

/// <summary>A set of TCP ports written as "80,443,1024-65535".</summary>
internal sealed class PortSet
{
    private readonly (int From, int To)[] _ranges;

    private PortSet((int From, int To)[] ranges) => _ranges = ranges;

    public bool Contains(int port) => Array.Exists(_ranges, r => port >= r.From && port <= r.To);

    public static bool TryParse(string? text, out PortSet set)
    {
        set = new PortSet([]);
        var ranges = new List<(int, int)>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length > 2 || !TryParsePort(bounds[0], out var from))
            {
                return false;
            }

            var to = from;
            if (bounds.Length == 2 && (!TryParsePort(bounds[1], out to) || to < from))
            {
                return false;
            }

            ranges.Add((from, to));
        }

        set = new PortSet([.. ranges]);
        return true;
    }

    private static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;
}
