using System.Globalization;

namespace Archive.Api.Memento;

/// <summary>What a /web/… path asks for, and for which original URL.</summary>
internal sealed record MementoRequest(MementoRequest.Shape Kind, Uri Url, string? Timestamp)
{
    public enum Shape
    {
        TimeGate,
        Memento,
        LinkTimeMap,
        JsonTimeMap,
    }

    public static MementoRequest? Parse(string path)
    {
        var kind = Shape.TimeGate;
        string? timestamp = null;
        if (path.StartsWith("timemap/link/", StringComparison.Ordinal))
        {
            (kind, path) = (Shape.LinkTimeMap, path["timemap/link/".Length..]);
        }
        else if (path.StartsWith("timemap/json/", StringComparison.Ordinal))
        {
            (kind, path) = (Shape.JsonTimeMap, path["timemap/json/".Length..]);
        }
        else if (path.IndexOf('/', StringComparison.Ordinal) is var slash and >= 4 and <= 14 && path[..slash].All(char.IsAsciiDigit))
        {
            // A partial timestamp (2007, 200705) means its first instant, as in Wayback URLs.
            (kind, timestamp, path) = (Shape.Memento, path[..slash] + "00000101000000"[slash..], path[(slash + 1)..]);
        }
        // Proxies and clients fold "//" in paths: accept http:/host as http://host.
        foreach (var scheme in new[] { "http:/", "https:/" })
        {
            if (path.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && !path.StartsWith(scheme + "/", StringComparison.OrdinalIgnoreCase))
            {
                path = scheme + "/" + path[scheme.Length..];
            }
        }
        return Uri.TryCreate(path, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? new MementoRequest(kind, url, timestamp) : null;
    }

    public static DateTimeOffset ParseTimestamp(string timestamp) =>
        DateTimeOffset.TryParseExact(timestamp, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at : DateTimeOffset.MaxValue;
}
