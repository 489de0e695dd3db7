using System.IO.Compression;

namespace Archive.Cli.Commands;

/// <summary>Saved pages on disk: <c>.html</c> and <c>.html.gz</c> files, given directly or found in folders.</summary>
internal static class PageFiles
{
    /// <summary>The pages under <paramref name="paths"/>, in a stable order; each is read from disk only when asked for.</summary>
    public static List<PageFile> Find(IEnumerable<string> paths)
    {
        var files = new List<PageFile>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                // Pages in a folder are named by their path within it, so seven cases/*/source.html stay seven pages.
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(IsPage).Order(StringComparer.Ordinal)
                    .Select(f => new PageFile(IdOf(Path.GetRelativePath(path, f)), f)));
            }
            else if (File.Exists(path))
            {
                files.Add(new PageFile(IdOf(Path.GetFileName(path)), path));
            }
            else
            {
                Console.Error.WriteLine($"Not found: {path}");
            }
        }
        return files;
    }

    private static bool IsPage(string path) =>
        path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".html.gz", StringComparison.OrdinalIgnoreCase);

    // The benchmark keys pages by file name up to its first dot; in a sub-folder, the folders lead (with /).
    private static string IdOf(string relativePath)
    {
        var name = Path.GetFileName(relativePath);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var folder = Path.GetDirectoryName(relativePath);
        var id = dot > 0 ? name[..dot] : name;
        return string.IsNullOrEmpty(folder) ? id : $"{folder.Replace(Path.DirectorySeparatorChar, '/')}/{id}";
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

/// <summary>A saved page: its id (its path within the folder given, up to the file name's first dot) and where it is.</summary>
internal sealed record PageFile(string Id, string Path)
{
    public byte[] ReadBytes() => PageFiles.Read(Path);
}
