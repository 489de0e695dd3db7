using System.Globalization;

namespace Archive.Engine.Warc;

/// <summary>Reads the HTTP message inside an <c>application/http</c> block: its head, then its payload.</summary>
public static class HttpPayload
{
    /// <summary>Reads the head (status or request line and fields) from the start of <paramref name="block"/>.</summary>
    public static async Task<HttpHead?> ReadHeadAsync(WarcBlockStream block, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(block);
        var lines = new List<string>();
        var size = 0;
        while (await block.ReadLineAsync(WarcReader.MaxHeaderBytes, ct) is { } line)
        {
            if (line.Length == 0)
            {
                return lines.Count == 0 ? null : HttpHead.Parse(string.Join("\n", lines));
            }
            size += line.Length;
            if (size > WarcReader.MaxHeaderBytes)
            {
                throw new WarcFormatException($"An HTTP header is longer than {WarcReader.MaxHeaderBytes} bytes.");
            }
            lines.Add(line);
        }
        // A head with no blank line after it (a truncated record) still tells the status and headers.
        return lines.Count == 0 ? null : HttpHead.Parse(string.Join("\n", lines));
    }

    /// <summary>The payload after the head, with chunked transfer coding removed when the head declares it.</summary>
    public static Stream Body(WarcBlockStream block, HttpHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        var chunked = head.GetAll("Transfer-Encoding").Any(v => v.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        return chunked ? new ChunkedStream(block) : block;
    }

    /// <summary>Decodes HTTP/1.1 chunked transfer coding; trailers are read and dropped.</summary>
    private sealed class ChunkedStream(WarcBlockStream block) : ReadOnlyStream
    {
        private long _chunkLeft;
        private bool _done;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_done || buffer.Length == 0)
            {
                return 0;
            }
            if (_chunkLeft == 0)
            {
                var sizeLine = await block.ReadLineAsync(1024, cancellationToken);
                var hex = sizeLine?.Split(';', 2)[0].Trim();
                if (string.IsNullOrEmpty(hex) || !long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _chunkLeft)
                    || _chunkLeft < 0)
                {
                    // A truncated or malformed chunk stream ends the payload where the bytes end, as browsers do.
                    _done = true;
                    return 0;
                }
                if (_chunkLeft == 0)
                {
                    _done = true;
                    while (await block.ReadLineAsync(WarcReader.MaxHeaderBytes, cancellationToken) is { Length: > 0 })
                    {
                    }
                    return 0;
                }
            }
            var read = await block.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _chunkLeft)], cancellationToken);
            if (read == 0)
            {
                _done = true;
                return 0;
            }
            _chunkLeft -= read;
            if (_chunkLeft == 0)
            {
                await block.ReadLineAsync(16, cancellationToken);
            }
            return read;
        }
    }
}
