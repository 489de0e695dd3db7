using System.Buffers;
using System.IO.Compression;
using System.Numerics;
using System.Security.Cryptography;

namespace Archive.Data;

/// <summary>How a capture's raw bytes are kept at rest (<c>captures.raw_compressed</c>): Brotli, decompressed to the exact bytes received.</summary>
public static class CapturedBytes
{
    /// <summary>
    /// Quality 0: compressing is on every upload's path, and the bytes decompress to the same capture at any quality. On
    /// the load bench's 972 real pages (mean 173 KiB) quality 0 took 0.36-0.40 ms of CPU a page against 0.50-0.57 ms at 1,
    /// for 21.5% of the raw size against 20.3% (2 KiB more a capture); 3 took about twice quality 1's time for 18.2%
    /// (docs/performance.md, 2026-12-03 svc20 and svc22). Quality 1's encoder also allocates and clears ~1 MiB of tables a
    /// call (0 uses a quarter of the hash table and no command buffers): under load its page faults and clearing were a
    /// third of Brotli's samples.
    /// </summary>
    private const int Quality = 0;
    private const int MinWindowBits = 10;
    private const int MaxWindowBits = 22;

    /// <summary>
    /// One call into the encoder with a window no larger than the input. A streaming encoder sizes its ring buffer for the
    /// largest window (8 MiB at 22 bits) whatever the input, and that native memory, freed after each capture, stayed
    /// in the C allocator's per-thread arenas: ~80 MiB of the service's resident memory under real-page uploads
    /// (docs/performance.md). A window that covers the whole input compresses it as well as a larger one would.
    /// </summary>
    public static byte[] Compress(ReadOnlySpan<byte> raw)
    {
        var window = Math.Clamp(BitOperations.Log2((uint)Math.Max(raw.Length, 1) - 1) + 1, MinWindowBits, MaxWindowBits);
        var buffer = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(raw.Length));
        try
        {
            if (!BrotliEncoder.TryCompress(raw, buffer, out var written, Quality, window))
            {
                throw new InvalidOperationException($"Brotli could not compress {raw.Length} bytes into {buffer.Length}.");
            }
            return buffer.AsSpan(0, written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The most of a capture's decompressed bytes <see cref="DecompressToAsync"/> holds at once.</summary>
    public const int CopyBufferSize = 16 * 1024;

    /// <summary>
    /// Writes the capture's bytes to <paramref name="destination"/> as they are decompressed, a buffer at a time: a download
    /// holds the compressed bytes and one buffer, not the whole capture (a multi-megabyte capture was a byte array of its
    /// own per request, and again while the array grew; a few downloads at once multiplied that).
    /// </summary>
    public static async Task DecompressToAsync(byte[] stored, Stream destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await using var input = new BrotliStream(new MemoryStream(stored, writable: false), CompressionMode.Decompress);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            int read;
            while ((read = await input.ReadAsync(buffer.AsMemory(0, CopyBufferSize), ct)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>SHA-256 of the capture's bytes, hashed as they are decompressed (the whole capture is never held).</summary>
    public static async Task<byte[]> Sha256Async(byte[] stored, CancellationToken ct)
    {
        using var sha256 = SHA256.Create();
        await using (var hashing = new CryptoStream(Stream.Null, sha256, CryptoStreamMode.Write))
        {
            await DecompressToAsync(stored, hashing, ct);
        }
        return sha256.Hash!;
    }

    public static byte[] Decompress(byte[] stored)
    {
        using var input = new BrotliStream(new MemoryStream(stored), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
