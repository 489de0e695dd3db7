using System.IO.Compression;

namespace Archive.Cli.Commands;

/// <summary>Saved pages on disk: <c>.html</c> and <c>.html.gz</c> files, given directly or found in folders.</summary>
internal static class PageFiles
{
    /// <summary>The pages under <paramref name="paths"/>, in a stable order; each is read from disk only when asked for.</summary>
    public static List<PageFile> Find(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(IsPage).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                Console.Error.WriteLine($"Not found: {path}");
            }
        }
        return [.. files.Select(f => new PageFile(IdOf(f), f))];
    }

    private static bool IsPage(string path) =>
        path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".html.gz", StringComparison.OrdinalIgnoreCase);

    // The benchmark keys pages by file name up to its first dot.
    private static string IdOf(string path)
    {
        var name = Path.GetFileName(path);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? name[..dot] : name;
    }

    internal static byte[] Read(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return File.ReadAllBytes(path);
        }
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }
}

/// <summary>A saved page: its benchmark id (file name up to the first dot) and where it is.</summary>
internal sealed record PageFile(string Id, string Path)
{
    public byte[] ReadBytes() => PageFiles.Read(Path);
}
