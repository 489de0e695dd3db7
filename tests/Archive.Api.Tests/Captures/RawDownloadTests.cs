using System.Net;
using System.Security.Cryptography;
using System.Text;
using Archive.Api.Tests.Infrastructure;
using Archive.Api.Tests.Log;

namespace Archive.Api.Tests.Captures;

/// <summary>
/// A multi-megabyte capture downloaded over real HTTP, several times at once: it is decompressed into the response as it is
/// sent (CapturedBytesTests pins the buffer it holds), and keeps what a download said before: the exact bytes, their length,
/// their digest, a strong ETag answered with 304, and HEAD with the same headers and no body.
/// </summary>
public sealed class RawDownloadTests(LiveApiFactory factory) : IClassFixture<LiveApiFactory>
{
    private static string BigPage()
    {
        var html = new StringBuilder("<html lang=\"fr\"><head><title>Le très long récit</title></head><body><article><h1>Le très long récit</h1>");
        for (var i = 0; html.Length < 4_000_000; i++)
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"<p>Paragraphe {i} : le conseil du port s'est réuni le jour {i % 365} et a voté sur le dragage du quai {i % 11}.</p>");
        }
        return html.Append("</article></body></html>").ToString();
    }

    [Fact]
    public async Task A_big_capture_downloads_whole_with_its_length_digest_and_validators()
    {
        var client = factory.CreateClient();
        var html = BigPage();
        var bytes = Encoding.UTF8.GetBytes(html);
        var article = await (await client.PostJsonAsync("/api/captures", new { url = "https://big.example/recit", html }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var rawUrl = $"/api/captures/{article.GetProperty("capture").GetProperty("id").GetGuid()}/raw";

        var downloads = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.GetAsync(rawUrl, HttpCompletionOption.ResponseHeadersRead)));

        var digest = $"sha-256=:{Convert.ToBase64String(SHA256.HashData(bytes))}:";
        foreach (var download in downloads)
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(bytes.LongLength, download.Content.Headers.ContentLength);
            Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal(digest, download.Headers.GetValues("Repr-Digest").Single());
            Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        }
        var etag = downloads[0].Headers.ETag!;
        Assert.False(etag.IsWeak);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, rawUrl);
        conditional.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, rawUrl));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(bytes.LongLength, head.Content.Headers.ContentLength);
        Assert.Equal(digest, head.Headers.GetValues("Repr-Digest").Single());
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }
}
