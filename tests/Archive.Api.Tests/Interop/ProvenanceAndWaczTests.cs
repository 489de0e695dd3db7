using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Lineage;

namespace Archive.Api.Tests.Interop;

/// <summary>The PROV-O document read by the jsonld package (expanded to N-Quads); the WACZ read as a ZIP and by warcio.</summary>
public sealed class ProvenanceAndWaczTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private const string Prov = "http://www.w3.org/ns/prov#";
    private static readonly DateTimeOffset Published = new(2024, 3, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly Outlet Origin = new("Harbour Gazette", "harbourgazette.com");
    private static readonly Outlet Copier = new("Daily Echo", "dailyecho.net");
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<Guid> UploadAsync(string url, string html) =>
        (await (await _client.PostJsonAsync("/api/captures", new { url, html })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    [Fact]
    public async Task The_provenance_document_expands_to_nquads_with_captures_versions_agents_and_prov_derivations()
    {
        var story = new Story(41, "Flood inspectors report on river bridge", paragraphs: 10);
        var originUrl = Origin.Url("prov-bridge");
        var origin = await UploadAsync(originUrl, Origin.Page(story.Title, story.Paragraphs, Published));
        var excerpt = await UploadAsync(Copier.Url("prov-bridge-excerpt"), Copier.Page(story.Title, story.Paragraphs.Take(3), Published.AddHours(3),
            after: $"<p>Read more: <a href=\"{originUrl}\">{Origin.Name} – {story.Title}</a></p>"));

        var response = await _client.GetAsync($"/api/articles/{excerpt}/provenance");
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType!.MediaType);
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, await response.Content.ReadAsStringAsync());
        var quads = (await NodeTools.RunAsync("check-prov.mjs", file)).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();

        var article = await (await _client.GetAsync($"/api/articles/{excerpt}")).ReadJsonAsync(HttpStatusCode.OK);
        var capture = $"<http://localhost/api/captures/{article.GetProperty("capture").GetProperty("id").GetGuid()}>";
        var version = $"<http://localhost/api/articles/{excerpt}?version={article.GetProperty("versionId").GetGuid()}>";
        var copy = $"<http://localhost/api/articles/{excerpt}>";
        var source = $"<http://localhost/api/articles/{origin}>";
        string Triple(string s, string p, string o) => $"{s} <{p}> {o} .";
        Assert.Contains(Triple(capture, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", $"<{Prov}Entity>"), quads);
        Assert.Contains(Triple(capture, $"{Prov}wasGeneratedBy", capture.TrimEnd('>') + "#upload>"), quads);
        Assert.Contains(Triple(version, $"{Prov}wasDerivedFrom", capture), quads);
        Assert.Contains(Triple(version, $"{Prov}specializationOf", copy), quads);
        Assert.Contains(Triple(copy, $"{Prov}wasDerivedFrom", source), quads);
        Assert.Contains(Triple(copy, $"{Prov}wasQuotedFrom", source), quads);
        Assert.DoesNotContain(Triple(copy, $"{Prov}wasRevisionOf", source), quads);
        // The qualified derivation carries both axes: a "Read more" link declares the source, the text is its first part.
        Assert.Contains(quads, q => q.Contains("<https://archive.invalid/ns#reuse> \"excerpt\"", StringComparison.Ordinal));
        Assert.Contains(quads, q => q.Contains("<https://archive.invalid/ns#declaredBy> \"attribution\"", StringComparison.Ordinal));
        Assert.Contains(quads, q => q.Contains("<https://archive.invalid/ns#evidenceBasis> \"claimed\"", StringComparison.Ordinal));
        Assert.Contains(quads, q => q.StartsWith(copy + $" <{Prov}wasAttributedTo> <http://localhost/api/publishers/", StringComparison.Ordinal));
        Assert.Contains(quads, q => q.Contains($"<{Prov}Organization>", StringComparison.Ordinal));
        Assert.Contains(quads, q => q.Contains("<https://archive.invalid/ns#contentHash> \"sha256:", StringComparison.Ordinal));
        Assert.Contains(Triple(capture, "https://archive.invalid/ns#logIndex",
            $"\"{article.GetProperty("log").GetInt64()}\"^^<http://www.w3.org/2001/XMLSchema#long>"), quads);
        Assert.Contains(quads, q => q.Contains($"<{Prov}generatedAtTime> \"", StringComparison.Ordinal)
            && q.EndsWith("^^<http://www.w3.org/2001/XMLSchema#dateTime> .", StringComparison.Ordinal));
        await (await _client.GetAsync($"/api/articles/{Guid.NewGuid()}/provenance")).ReadProblemAsync(HttpStatusCode.NotFound);
        File.Delete(file);
    }

    [Fact]
    public async Task A_wacz_holds_a_warc_warcio_reads_an_index_pages_with_text_and_a_signed_manifest()
    {
        var story = new Story(42, "Port authority reopens the northern quay");
        var id = await UploadAsync(Origin.Url("wacz-quay"), Origin.Page(story.Title, story.Paragraphs, Published));
        var bytes = await _client.GetByteArrayAsync($"/api/articles/{id}/wacz");
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        Assert.Equal(["archive/data.warc.gz", "indexes/index.cdx", "pages/pages.jsonl", "datapackage.json", "datapackage-digest.json"],
            zip.Entries.Select(e => e.FullName));
        var package = JsonDocument.Parse(Read(zip, "datapackage.json")).RootElement;
        foreach (var resource in package.GetProperty("resources").EnumerateArray())
        {
            var content = Read(zip, resource.GetProperty("path").GetString()!);
            Assert.Equal(resource.GetProperty("hash").GetString(), "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content)));
        }
        var warc = Path.GetTempFileName();
        await File.WriteAllBytesAsync(warc, Read(zip, "archive/data.warc.gz"));
        var records = await NodeTools.ReadWarcAsync(warc);
        Assert.All(records.Where(r => r.GetProperty("type").GetString() != "warcinfo"), r => Assert.True(r.GetProperty("blockDigestOk").GetBoolean()));
        var page = Encoding.UTF8.GetString(Read(zip, "pages/pages.jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.Contains(story.Paragraphs[0][..40], JsonDocument.Parse(page).RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);

        var signed = JsonDocument.Parse(Read(zip, "datapackage-digest.json")).RootElement.GetProperty("signedData");
        var pem = await _client.GetStringAsync("/api/export/signing-key");
        using var key = ECDsa.Create();
        key.ImportFromPem(pem);
        Assert.Equal(Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()), signed.GetProperty("publicKey").GetString());
        Assert.True(key.VerifyData(Encoding.UTF8.GetBytes(signed.GetProperty("hash").GetString()!),
            Convert.FromBase64String(signed.GetProperty("signature").GetString()!), HashAlgorithmName.SHA256));
        File.Delete(warc);
    }

    private static byte[] Read(ZipArchive zip, string path)
    {
        using var stream = zip.GetEntry(path)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
