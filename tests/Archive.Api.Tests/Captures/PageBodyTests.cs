using Archive.Api.Captures;
using Microsoft.AspNetCore.Http;

namespace Archive.Api.Tests.Captures;

/// <summary>
/// <see cref="PageBody.ReadAsync"/> on its own: the bytes come back exactly, however they arrive, and a body that declares
/// a large length holds what it has sent, not the declared length, while it is being read.
/// </summary>
public sealed class PageBodyTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(1000, 7)]
    [InlineData(PageBody.FirstRead, 4096)]
    [InlineData(PageBody.FirstRead + 1, 65536)]
    [InlineData(3 * 1024 * 1024 + 5, 1000003)]
    public async Task A_declared_body_comes_back_byte_for_byte_whatever_its_size_and_pieces(int size, int piece)
    {
        var body = new byte[size];
        new Random(size).NextBytes(body);

        using var read = await PageBody.ReadAsync(Request(new Trickle(body, piece), size), "text/html", CancellationToken.None);

        Assert.Equal(body, read.Bytes.ToArray());
    }

    [Fact]
    public async Task A_body_declaring_ten_mebibytes_that_stops_after_a_few_kilobytes_has_not_taken_ten_mebibytes()
    {
        var sent = new byte[20_000];
        var request = Request(new Trickle(sent, 1000, thenFail: true), 10 * 1024 * 1024);

        // The stream completes every read at once, so the whole read runs on this thread and its allocations are counted here.
        var before = GC.GetAllocatedBytesForCurrentThread();
        await Assert.ThrowsAsync<IOException>(() => PageBody.ReadAsync(request, "text/html", CancellationToken.None));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 1024 * 1024, $"{allocated} bytes allocated for a body that sent {sent.Length}");
    }

    [Fact]
    public async Task A_declared_page_takes_its_buffer_from_the_pool_and_gives_it_back()
    {
        var body = new byte[200_000];
        new Random(7).NextBytes(body);
        (await PageBody.ReadAsync(Request(new Trickle(body, 65536), body.Length), "text/html", CancellationToken.None)).Dispose();

        // As above, every read completes at once: the second read's allocations are this thread's.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var read = await PageBody.ReadAsync(Request(new Trickle(body, 65536), body.Length), "text/html", CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var bytes = read.Bytes.ToArray();
        read.Dispose();

        Assert.Equal(body, bytes);
        Assert.True(allocated < 16 * 1024, $"{allocated} bytes allocated to read a page of {body.Length} a second time");
    }

    [Fact]
    public async Task A_declared_body_that_ends_early_is_not_returned_short()
    {
        var request = Request(new Trickle(new byte[500_000], 8192), 600_000);

        await Assert.ThrowsAsync<EndOfStreamException>(() => PageBody.ReadAsync(request, "text/html", CancellationToken.None));
    }

    private static HttpRequest Request(Stream body, long length)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = body;
        context.Request.ContentLength = length;
        return context.Request;
    }

    /// <summary>A body that gives at most <c>piece</c> bytes a read, synchronously, then ends (or fails, as an aborted
    /// connection does).</summary>
    private sealed class Trickle(byte[] bytes, int piece, bool thenFail = false) : Stream
    {
        private int position;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Take(buffer.Span));

        public override int Read(byte[] buffer, int offset, int count) => Take(buffer.AsSpan(offset, count));

        private int Take(Span<byte> buffer)
        {
            if (position == bytes.Length && thenFail)
            {
                throw new IOException("The client went away.");
            }
            var n = Math.Min(Math.Min(piece, buffer.Length), bytes.Length - position);
            bytes.AsSpan(position, n).CopyTo(buffer);
            position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
