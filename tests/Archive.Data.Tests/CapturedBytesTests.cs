using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Archive.Data;

namespace Archive.Data.Tests;

public sealed class CapturedBytesTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(1025)]
    [InlineData(300 * 1024)]
    [InlineData(5 * 1024 * 1024)]
    public void Compressed_captures_decompress_to_the_exact_bytes(int length)
    {
        var raw = new byte[length];
        new Random(length).NextBytes(raw);

        Assert.Equal(raw, CapturedBytes.Decompress(CapturedBytes.Compress(raw)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1025)]
    [InlineData(3 * 1024 * 1024)]
    public async Task A_captures_hash_is_taken_as_it_is_decompressed(int length)
    {
        var raw = new byte[length];
        new Random(length).NextBytes(raw);

        Assert.Equal(SHA256.HashData(raw), await CapturedBytes.Sha256Async(CapturedBytes.Compress(raw), CancellationToken.None));
    }

    [Fact]
    public async Task A_capture_is_written_out_a_capped_buffer_at_a_time_without_holding_it_whole()
    {
        // 8 MiB of pages, compressible as real pages are, with enough variety that the stored bytes are not trivial.
        var random = new Random(8);
        var page = new StringBuilder();
        while (page.Length < 8 * 1024 * 1024)
        {
            page.Append(CultureInfo.InvariantCulture, $"<p>Paragraph {random.Next()} of the story, as reported on day {random.Next(365)}.</p>\n");
        }
        var raw = Encoding.UTF8.GetBytes(page.ToString());
        var stored = CapturedBytes.Compress(raw);
        var destination = new WriteRecorder();
        await CapturedBytes.DecompressToAsync(stored, destination, CancellationToken.None); // warms the pool and the decoder

        destination = new WriteRecorder();
        var before = GC.GetAllocatedBytesForCurrentThread();
        await CapturedBytes.DecompressToAsync(stored, destination, CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(raw.Length, destination.Length);
        Assert.Equal(SHA256.HashData(raw), destination.Hash());
        Assert.InRange(destination.LargestWrite, 1, CapturedBytes.CopyBufferSize);
        // The whole capture as an array would be 8 MiB, and twice that while a MemoryStream grew to it.
        Assert.True(allocated < 256 * 1024, $"{allocated} bytes allocated writing out {raw.Length}");
    }

    /// <summary>A destination that keeps only a running hash, its length and the largest write it was given.</summary>
    private sealed class WriteRecorder : Stream
    {
        private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public int LargestWrite { get; private set; }

        public override long Length => Position;

        public override long Position { get; set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public byte[] Hash() => hash.GetHashAndReset();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            Position += buffer.Length;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                hash.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    [Fact]
    public void A_page_is_compressed_with_a_window_no_larger_than_itself()
    {
        var page = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 4000).Select(i => $"<p>Paragraph {i} of the story.</p>\n")));
        Assert.InRange(page.Length, 128 * 1024 + 1, 256 * 1024);

        var stored = CapturedBytes.Compress(page);

        Assert.Equal(18, WindowBits(stored));
        Assert.True(stored.Length < page.Length / 5, $"{stored.Length} bytes stored for {page.Length}");
        Assert.Equal(page, CapturedBytes.Decompress(stored));
    }

    /// <summary>The sliding window a Brotli stream declares in its first bits (RFC 7932, section 9.1).</summary>
    private static int WindowBits(byte[] stream)
    {
        var bits = stream[0] | (stream[1] << 8);
        if ((bits & 1) == 0)
        {
            return 16;
        }
        var n = (bits >> 1) & 7;
        if (n != 0)
        {
            return 17 + n;
        }
        var m = (bits >> 4) & 7;
        return m == 0 ? 17 : 8 + m;
    }
}
