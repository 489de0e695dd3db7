using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Archive.Engine.Warc;

namespace Archive.Engine.Tests.Warc;

public sealed class WarcRoundTripTests
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1234560);

    private static WarcRecord Response(string url, string body, IEnumerable<KeyValuePair<string, string>>? headers = null) => new()
    {
        Type = WarcTypes.Response,
        RecordId = WarcFormat.RecordId(url),
        Date = At,
        TargetUri = url,
        ContentType = "application/http; msgtype=response",
        HttpHead = HttpHead.ForStoredResponse(200, headers ?? [new("Content-Type", "text/html")], Encoding.UTF8.GetByteCount(body)),
        Body = Encoding.UTF8.GetBytes(body),
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Written_records_read_back_with_their_fields_bodies_and_valid_digests(bool gzip)
    {
        using var file = new MemoryStream();
        using (var writer = new WarcWriter(file, gzip))
        {
            await writer.WriteAsync(Response("https://example.com/a", "<p>one</p>"), default);
            await writer.WriteAsync(Response("https://example.com/b", "<p>two ünïcode</p>"), default);
        }
        file.Position = 0;
        await using var reader = await WarcReader.OpenAsync(file, default);
        var bodies = new List<string>();
        while (await reader.NextAsync(default) is { } entry)
        {
            Assert.Equal("WARC/1.1", entry.Header.Version);
            Assert.Equal("2024-05-01T10:00:00.123456Z", entry.Header.Get("WARC-Date"));
            var head = await HttpPayload.ReadHeadAsync(entry.Block, default);
            Assert.Equal(200, head!.Status);
            using var body = new MemoryStream();
            await HttpPayload.Body(entry.Block, head).CopyToAsync(body);
            Assert.Equal(entry.Header.Get("WARC-Payload-Digest"), WarcFormat.Sha256(SHA256.HashData(body.ToArray())));
            Assert.True(await entry.Block.VerifyAsync(default));
            bodies.Add(Encoding.UTF8.GetString(body.ToArray()));
        }
        Assert.Equal(["<p>one</p>", "<p>two ünïcode</p>"], bodies);
    }

    [Fact]
    public async Task Each_record_is_its_own_gzip_member_readable_alone_from_its_offset()
    {
        using var file = new MemoryStream();
        var locations = new List<WarcLocation>();
        using (var writer = new WarcWriter(file))
        {
            locations.Add(await writer.WriteAsync(Response("https://example.com/a", "first"), default));
            locations.Add(await writer.WriteAsync(Response("https://example.com/b", "second"), default));
        }
        Assert.Equal(0, locations[0].Offset);
        Assert.Equal(locations[0].Length, locations[1].Offset);
        Assert.Equal(file.Length, locations[1].Offset + locations[1].Length);
        var member = file.ToArray().AsMemory((int)locations[1].Offset, (int)locations[1].Length).ToArray();
        using var gzip = new GZipStream(new MemoryStream(member), CompressionMode.Decompress);
        var text = await new StreamReader(gzip).ReadToEndAsync();
        Assert.Contains("WARC-Target-URI: https://example.com/b", text, StringComparison.Ordinal);
        Assert.EndsWith("second\r\n\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_block_fails_its_digest()
    {
        using var file = new MemoryStream();
        using (var writer = new WarcWriter(file, gzip: false))
        {
            await writer.WriteAsync(Response("https://example.com/a", "original text"), default);
        }
        var bytes = file.ToArray();
        var at = Encoding.ASCII.GetString(bytes).IndexOf("original", StringComparison.Ordinal);
        bytes[at] = (byte)'O';
        await using var reader = await WarcReader.OpenAsync(new MemoryStream(bytes), default);
        var entry = await reader.NextAsync(default);
        Assert.False(await entry!.Block.VerifyAsync(default));
    }

    [Fact]
    public async Task Chunked_payloads_and_folded_headers_are_decoded()
    {
        const string http = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Long: a\r\n  b\r\n\r\n5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nTrailer: x\r\n\r\n";
        var warc = $"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: <http://example.com/>\r\nContent-Length: {http.Length}\r\n\r\n{http}\r\n\r\n";
        await using var reader = await WarcReader.OpenAsync(new MemoryStream(Encoding.ASCII.GetBytes(warc)), default);
        var entry = await reader.NextAsync(default);
        Assert.Equal("http://example.com/", entry!.Header.TargetUri);
        var head = await HttpPayload.ReadHeadAsync(entry.Block, default);
        Assert.Equal("a b", head!.Get("X-Long"));
        var body = await new StreamReader(HttpPayload.Body(entry.Block, head)).ReadToEndAsync();
        Assert.Equal("hello, world", body);
        Assert.Null(await entry.Block.VerifyAsync(default));
        Assert.Null(await reader.NextAsync(default));
    }

    [Fact]
    public async Task A_record_cut_short_is_a_format_error_not_a_hang()
    {
        var warc = "WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 100\r\n\r\nonly a little";
        await using var reader = await WarcReader.OpenAsync(new MemoryStream(Encoding.ASCII.GetBytes(warc)), default);
        var entry = await reader.NextAsync(default);
        await Assert.ThrowsAsync<WarcFormatException>(() => entry!.Block.SkipRestAsync(default));
    }

    [Fact]
    public async Task A_header_with_no_end_is_refused_without_reading_it_all_into_memory()
    {
        var endless = new MemoryStream(Encoding.ASCII.GetBytes("WARC/1.1\r\nWARC-Type: " + new string('x', WarcReader.MaxHeaderBytes * 2)));
        await using var reader = await WarcReader.OpenAsync(endless, default);
        await Assert.ThrowsAsync<WarcFormatException>(() => reader.NextAsync(default));
    }

    [Theory]
    [InlineData("WARC/1.1\r\nWARC-Type: resource\r\n\r\n")]
    [InlineData("WARC/1.1\r\nContent-Length: -5\r\n\r\n")]
    [InlineData("<html>not a warc</html>")]
    public async Task Malformed_records_are_format_errors(string text)
    {
        await using var reader = await WarcReader.OpenAsync(new MemoryStream(Encoding.ASCII.GetBytes(text)), default);
        await Assert.ThrowsAsync<WarcFormatException>(() => reader.NextAsync(default));
    }

    [Fact]
    public void Stored_headers_keep_transfer_headers_under_another_name_and_restore_them()
    {
        var head = HttpHead.ForStoredResponse(200,
            [new("Content-Type", "text/html"), new("Content-Encoding", "gzip"), new("Content-Length", "10"), new("Transfer-Encoding", "chunked")], 42);
        var parsed = HttpHead.Parse(Encoding.UTF8.GetString(head));
        Assert.Equal("42", parsed.Get("Content-Length"));
        Assert.Null(parsed.Get("Content-Encoding"));
        Assert.Equal("gzip", parsed.Get("X-Archive-Orig-Content-Encoding"));
        Assert.Equal(
            [new("Content-Type", "text/html"), new("Content-Encoding", "gzip"), new("Content-Length", "10"), new("Transfer-Encoding", "chunked")],
            parsed.OriginalHeaders());
    }

    [Fact]
    public void Header_values_cannot_inject_fields()
    {
        var head = Encoding.UTF8.GetString(HttpHead.ForStoredResponse(200, [new("X-Evil", "a\r\nSet-Cookie: b")], 0));
        Assert.DoesNotContain("\r\nSet-Cookie", head, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ", "sha1")]
    [InlineData("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", "sha256")]
    public void Digests_in_base32_and_hex_are_understood(string value, string algorithm)
    {
        Assert.True(WarcFormat.TryParseDigest(value, out var parsed, out var bytes));
        Assert.Equal(algorithm, parsed);
        Assert.Equal(algorithm == "sha1" ? 20 : 32, bytes.Length);
    }

    [Fact]
    public void Record_ids_are_stable_uuids()
    {
        Assert.Equal(WarcFormat.RecordId("x"), WarcFormat.RecordId("x"));
        Assert.NotEqual(WarcFormat.RecordId("x"), WarcFormat.RecordId("y"));
        Assert.Matches("^<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>$", WarcFormat.RecordId("x"));
    }
}
