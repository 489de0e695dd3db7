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
