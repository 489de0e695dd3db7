using System.IO.Compression;

namespace Archive.Data;

/// <summary>How a capture's raw bytes are kept at rest (<c>captures.raw_compressed</c>): Brotli, decompressed to the exact bytes received.</summary>
public static class CapturedBytes
{
    public static byte[] Compress(byte[] raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Optimal))
        {
            brotli.Write(raw);
        }
        return output.ToArray();
    }

    public static byte[] Decompress(byte[] stored)
    {
        using var input = new BrotliStream(new MemoryStream(stored), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
