using System.Buffers;

namespace Archive.Fetching;

public static class CappedReader
{
    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> + 1 bytes and returns null if there was more than <paramref name="maxBytes"/>,
    /// so neither a lying Content-Length nor a decompression bomb can make us hold more than the cap.
    /// </summary>
    public static async Task<byte[]?> ReadAsync(Stream source, long maxBytes, long? expectedLength, CancellationToken cancellationToken)
    {
        var initial = (int)Math.Min(expectedLength ?? 64 * 1024, maxBytes + 1);
        using var buffer = new MemoryStream(initial);
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (true)
            {
                var allowance = (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length);
                var read = await source.ReadAsync(chunk.AsMemory(0, allowance), cancellationToken);
                if (read == 0)
                {
                    return buffer.ToArray();
                }

                buffer.Write(chunk, 0, read);
                if (buffer.Length > maxBytes)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
