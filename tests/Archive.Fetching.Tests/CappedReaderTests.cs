using Archive.Fetching;

namespace Archive.Fetching.Tests;

public sealed class CappedReaderTests
{
    [Fact]
    public async Task Endless_stream_is_read_only_to_one_byte_past_the_cap()
    {
        var endless = new EndlessStream();

        var body = await CappedReader.ReadAsync(endless, maxBytes: 100_000, expectedLength: null, CancellationToken.None);

        Assert.Null(body);
        Assert.Equal(100_001, endless.Served);
    }

    [Fact]
    public async Task Body_exactly_at_the_cap_is_kept_whole()
    {
        var body = await CappedReader.ReadAsync(new MemoryStream(new byte[1000]), 1000, 1000, CancellationToken.None);

        Assert.Equal(1000, body?.Length);
    }

    [Fact]
    public async Task Lying_small_content_length_does_not_let_more_than_the_cap_through()
    {
        var body = await CappedReader.ReadAsync(new MemoryStream(new byte[5000]), 1000, expectedLength: 10, CancellationToken.None);

        Assert.Null(body);
    }

    private sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Served += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
