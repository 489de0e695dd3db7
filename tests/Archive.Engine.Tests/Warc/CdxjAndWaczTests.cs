using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Archive.Engine.Warc;

namespace Archive.Engine.Tests.Warc;

public sealed class CdxjAndWaczTests
{
    [Theory]
    [InlineData("https://www.Example.com/News/Story?b=2&a=1", "com,example)/news/story?a=1&b=2")]
    [InlineData("http://www2.example.co.uk:8080/", "uk,co,example:8080)/")]
    [InlineData("https://example.com", "com,example)/")]
    public void Surt_keys_match_webrecorders(string url, string expected) => Assert.Equal(expected, Surt.For(url));

    [Fact]
    public async Task Index_lines_come_out_sorted_even_when_spilled_to_disk()
    {
        using var index = new CdxjIndex();
        var random = new Random(7);
        var expected = new List<string>();
        for (var i = 0; i < CdxjIndex.ChunkLines * 2 + 123; i++)
        {
            var line = $"com,example)/{random.Next():x8} 2024 {{}}";
            expected.Add(line);
            index.Add(line);
        }
        using var output = new MemoryStream();
        await index.WriteSortedAsync(output, default);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        expected.Sort(StringComparer.Ordinal);
        Assert.Equal(expected, lines);
    }

    [Fact]
    public async Task A_wacz_opens_as_a_zip_whose_manifest_hashes_match_and_whose_signature_verifies()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var output = new MemoryStream();
        var at = new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);
        await using (var wacz = await WaczWriter.StartAsync(output, new WaczInfo("t", "d", at, "test"), default))
        {
            await wacz.WriteResponseAsync(new WarcRecord
            {
                Type = WarcTypes.Response, RecordId = WarcFormat.RecordId("r"), Date = at, TargetUri = "https://example.com/a",
                ContentType = "application/http; msgtype=response", HttpHead = HttpHead.ForStoredResponse(200, [], 2), Body = "hi"u8.ToArray(),
            }, "text/html", 200, default);
            await wacz.AddPageAsync(new WaczPage("p1", "https://example.com/a", at, "A", "clean text"), default);
            await wacz.FinishAsync(key, default);
        }

        using var zip = new ZipArchive(new MemoryStream(output.ToArray()), ZipArchiveMode.Read);
        Assert.Equal(["archive/data.warc.gz", "indexes/index.cdx", "pages/pages.jsonl", "datapackage.json", "datapackage-digest.json"],
            zip.Entries.Select(e => e.FullName));
        Assert.True(CompressionMethodStored(zip.GetEntry(WaczWriter.WarcPath)!));
        var package = JsonDocument.Parse(Read(zip, "datapackage.json")).RootElement;
        Assert.Equal("1.1.1", package.GetProperty("wacz_version").GetString());
        foreach (var resource in package.GetProperty("resources").EnumerateArray())
        {
            var bytes = Read(zip, resource.GetProperty("path").GetString()!);
            Assert.Equal(resource.GetProperty("bytes").GetInt64(), bytes.Length);
            Assert.Equal(resource.GetProperty("hash").GetString(), WarcFormat.Sha256(SHA256.HashData(bytes)));
        }
        var digest = JsonDocument.Parse(Read(zip, "datapackage-digest.json")).RootElement;
        Assert.Equal(WarcFormat.Sha256(SHA256.HashData(Read(zip, "datapackage.json"))), digest.GetProperty("hash").GetString());
        var signed = digest.GetProperty("signedData");
        using var verifier = ECDsa.Create();
        verifier.ImportSubjectPublicKeyInfo(Convert.FromBase64String(signed.GetProperty("publicKey").GetString()!), out _);
        Assert.True(verifier.VerifyData(Encoding.UTF8.GetBytes(signed.GetProperty("hash").GetString()!),
            Convert.FromBase64String(signed.GetProperty("signature").GetString()!), HashAlgorithmName.SHA256));
        var cdx = Encoding.UTF8.GetString(Read(zip, "indexes/index.cdx"));
        Assert.StartsWith("com,example)/a 20240501100000 {\"url\":\"https://example.com/a\"", cdx, StringComparison.Ordinal);
        var pages = Encoding.UTF8.GetString(Read(zip, "pages/pages.jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("clean text", JsonDocument.Parse(pages[1]).RootElement.GetProperty("text").GetString());
    }

    private static bool CompressionMethodStored(ZipArchiveEntry entry) => entry.CompressedLength == entry.Length;

    private static byte[] Read(ZipArchive zip, string path)
    {
        using var stream = zip.GetEntry(path)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
