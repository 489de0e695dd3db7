using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Archive.Api.Tests.Infrastructure;

/// <summary>Pages as a file on a user's disk holds them, and the check that the archive kept such a file as it is: shared by
/// the API's, the CLI's and the reader's upload tests.</summary>
internal static class CapturedFiles
{
    /// <summary>An article page saved as windows-1252 (it says so in a meta tag): é is one byte, 0xE9, which is not UTF-8, so
    /// a page read as UTF-8 text would be mojibake and stored as other bytes than the file's.</summary>
    public static byte[] Windows1252(string title, params string[] paragraphs) => Encoding.Latin1.GetBytes(
        "<html><head><meta charset=\"windows-1252\"><title>" + title + "</title></head><body><article><h1>" + title + "</h1>" +
        string.Concat(paragraphs.Select(p => "<p>" + p + "</p>")) + "</article></body></html>");

    public static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Asserts that <paramref name="capture"/> (an article's <c>capture</c> object) is exactly <paramref name="bytes"/>:
    /// its raw hash is theirs and <c>/raw</c> gives them back. Returns the <c>/raw</c> response for its headers.</summary>
    public static async Task<HttpResponseMessage> AssertCaptureIsAsync(HttpClient client, JsonElement capture, byte[] bytes)
    {
        Assert.Equal(Sha256(bytes), capture.GetProperty("rawSha256").GetString());
        var raw = await client.GetAsync($"/api/captures/{capture.GetProperty("id").GetGuid()}/raw");
        Assert.Equal(bytes, await raw.Content.ReadAsByteArrayAsync());
        return raw;
    }
}
