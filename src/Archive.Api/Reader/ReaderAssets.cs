using System.Reflection;
using System.Security.Cryptography;

namespace Archive.Api.Reader;

/// <summary>The stylesheet and icon, embedded in the assembly and served under a URL that carries their hash, so they are
/// cached for good and a new build is never served a stale one.</summary>
internal static class ReaderAssets
{
    private static readonly Asset Stylesheet = Load("reader.css", "text/css; charset=utf-8");
    private static readonly Asset Icon = Load("icon.svg", "image/svg+xml");

    public static string StylesheetUrl => Stylesheet.Url;
    public static string IconUrl => Icon.Url;

    public static void Map(RouteGroupBuilder pages)
    {
        foreach (var asset in new[] { Stylesheet, Icon })
        {
            pages.MapGet(asset.Path, (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
                http.Response.Headers.ETag = asset.ETag;
                return TypedResults.Bytes(asset.Bytes, asset.ContentType);
            }).AllowAnonymous();
        }
    }

    private static Asset Load(string name, string contentType)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Archive.Api.Reader.Assets.{name}")
            ?? throw new InvalidOperationException($"Reader asset {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        var path = $"/reader/{Path.GetFileNameWithoutExtension(name)}.{hash}{Path.GetExtension(name)}";
        return new Asset(path, path, $"\"{hash}\"", bytes, contentType);
    }

    private sealed record Asset(string Path, string Url, string ETag, byte[] Bytes, string ContentType);
}
