using System.IO.Compression;

namespace Archive.Fetching;

/// <summary>
/// Removes Content-Encoding ourselves instead of through <see cref="System.Net.Http.SocketsHttpHandler.AutomaticDecompression"/>,
/// because the automatic path deletes Content-Encoding and Content-Length from the headers we must archive as received.
/// </summary>
public static class ContentDecoding
{
    public const string AcceptEncoding = "gzip, deflate, br";

    /// <summary>Wraps <paramref name="body"/> to undo <paramref name="encodings"/> (listed in the order they were applied).</summary>
    public static bool TryDecode(Stream body, IEnumerable<string> encodings, out Stream decoded, out string? unsupported)
    {
        decoded = body;
        unsupported = null;
        foreach (var encoding in encodings.Reverse())
        {
            switch (encoding.Trim().ToUpperInvariant())
            {
                case "GZIP" or "X-GZIP":
                    decoded = new GZipStream(decoded, CompressionMode.Decompress);
                    break;
                case "DEFLATE":
                    decoded = new ZLibStream(decoded, CompressionMode.Decompress);
                    break;
                case "BR":
                    decoded = new BrotliStream(decoded, CompressionMode.Decompress);
                    break;
                case "IDENTITY" or "":
                    break;
                default:
                    unsupported = encoding;
                    return false;
            }
        }

        return true;
    }
}
