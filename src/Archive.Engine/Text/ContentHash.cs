using System.Security.Cryptography;
using System.Text;

namespace Archive.Engine.Text;

/// <summary>SHA-256 of a text's <see cref="CanonicalText"/> form (UTF-8), written <c>sha256:&lt;hex&gt;</c>.</summary>
public sealed record ContentHash(string Hex)
{
    public const string Prefix = "sha256:";

    public static ContentHash OfText(string text) => OfCanonical(CanonicalText.Normalize(text));

    public static ContentHash OfCanonical(string canonicalText) =>
        new(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalText))));

    public static ContentHash OfBytes(ReadOnlySpan<byte> bytes) => new(Convert.ToHexStringLower(SHA256.HashData(bytes)));

    public override string ToString() => Prefix + Hex;
}
