using System.Security.Cryptography;
using System.Text;

namespace Archive.Api.Access;

/// <summary>Makes key secrets and the values stored for them: the SHA-256 (looked up on every request) and a display prefix.</summary>
internal static class ApiKeySecrets
{
    public const string HeaderName = "X-Api-Key";
    public const int MinLength = 16;

    /// <summary>"ak_" and 256 random bits, base64url.</summary>
    public static string Generate() => "ak_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Enough to tell keys apart, never more than a quarter of the secret.</summary>
    public static string Prefix(string secret) => secret[..Math.Min(10, secret.Length / 4)];
}
