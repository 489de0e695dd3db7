namespace Archive.Api.Extensions;

/// <summary>Private key files the service creates for itself at first use (the log's signing key, the WACZ key).</summary>
internal static class KeyFiles
{
    /// <summary>
    /// Writes <paramref name="contents"/> to <paramref name="path"/> readable by the owner only (0600), unless the file
    /// exists. Written under a temporary name and moved into place without overwriting, so processes starting at once
    /// never leave a half-written key and end up with one key: the first writer's. Returns false when another process won.
    /// </summary>
    public static bool CreateOnce(string path, string contents)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, contents);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        try
        {
            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return false;
        }
    }
}
