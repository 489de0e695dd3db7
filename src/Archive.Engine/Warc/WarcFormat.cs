using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Archive.Engine.Warc;

/// <summary>WARC field values: dates, record ids and labelled digests.</summary>
public static class WarcFormat
{
    public const string Version = "WARC/1.1";

    /// <summary>W3C-ISO8601 in UTC; fractional seconds only when the time has them (WARC 1.1 allows them), so the
    /// captured-at time survives a round trip to the microsecond.</summary>
    public static string Date(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var fraction = utc.Ticks % TimeSpan.TicksPerSecond;
        return fraction == 0 ? text + "Z" : text + "." + fraction.ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0') + "Z";
    }

    public static bool TryParseDate(string? value, out DateTimeOffset at) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);

    /// <summary>The 14-digit timestamp of CDX indexes and Wayback-style URLs.</summary>
    public static string Timestamp14(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <summary>
    /// A record id that is the same on every export of the same capture: a name-based (version 8, SHA-256) UUID, so an
    /// export is byte-for-byte reproducible and its CDXJ stays valid for a later download of the same selection.
    /// </summary>
    public static string RecordId(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("archive-warc:" + name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var uuid = new Guid(hash.AsSpan(0, 16), bigEndian: true);
        return $"<urn:uuid:{uuid}>";
    }

    /// <summary><c>sha256:</c> and lower-case hex, as webrecorder's tools write SHA-256 digests.</summary>
    public static string Sha256(ReadOnlySpan<byte> hash) => "sha256:" + Convert.ToHexStringLower(hash);

    /// <summary>
    /// Decodes a labelled digest (<c>sha1:BASE32</c> as wget and Heritrix write, <c>sha256:hex</c>, or base64) into its
    /// algorithm and bytes; false when it is not one we can check.
    /// </summary>
    public static bool TryParseDigest(string? value, out string algorithm, out byte[] digest)
    {
        algorithm = "";
        digest = [];
        var colon = value?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0)
        {
            return false;
        }
        algorithm = value![..colon].Trim().ToLowerInvariant().Replace("-", "", StringComparison.Ordinal);
        var size = algorithm switch { "sha1" => 20, "sha256" => 32, _ => 0 };
        var text = value[(colon + 1)..].Trim();
        if (size == 0)
        {
            return false;
        }
        if (text.Length == size * 2 && text.All(Uri.IsHexDigit))
        {
            digest = Convert.FromHexString(text);
            return true;
        }
        if (Base32.TryDecode(text, out var decoded) && decoded.Length == size)
        {
            digest = decoded;
            return true;
        }
        var buffer = new byte[size + 3];
        if (Convert.TryFromBase64String(text, buffer, out var written) && written == size)
        {
            digest = buffer[..size];
            return true;
        }
        return false;
    }
}

/// <summary>RFC 4648 base32 (upper case, padding optional), the encoding of WARC's customary <c>sha1:</c> digests.</summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var output = new StringBuilder((data.Length + 4) / 5 * 8);
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                output.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0)
        {
            output.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }
        while (output.Length % 8 != 0)
        {
            output.Append('=');
        }
        return output.ToString();
    }

    public static bool TryDecode(string text, out byte[] data)
    {
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            var value = Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0)
            {
                data = [];
                return false;
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        data = [.. bytes];
        return true;
    }
}
