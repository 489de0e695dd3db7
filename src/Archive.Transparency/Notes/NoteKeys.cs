using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Archive.Transparency.Notes;

/// <summary>
/// Ed25519 keys of C2SP signed notes, in the text forms Go's <c>golang.org/x/mod/sumdb/note</c> reads:
/// verifier key <c>name+hash+base64(0x01 ‖ public key)</c>, signer key <c>PRIVATE+KEY+name+hash+base64(0x01 ‖ seed)</c>,
/// where hash is the key ID, SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4] in hex.
/// </summary>
public static class NoteKeys
{
    public const byte Ed25519Type = 0x01;
    private const string PrivatePrefix = "PRIVATE+KEY+";

    /// <summary>A key name: non-empty, well-formed UTF-16 (so valid UTF-8), no Unicode space, no '+', no control character.</summary>
    public static bool IsValidName(string name)
    {
        var rest = name.AsSpan();
        if (rest.IsEmpty)
        {
            return false;
        }
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != System.Buffers.OperationStatus.Done
                || Rune.IsWhiteSpace(rune) || rune.Value == '+' || Rune.IsControl(rune))
            {
                return false;
            }
            rest = rest[used..];
        }
        return true;
    }

    public static uint KeyId(string name, ReadOnlySpan<byte> publicKey)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[nameBytes.Length + 2 + publicKey.Length];
        nameBytes.CopyTo(input, 0);
        input[nameBytes.Length] = 0x0A;
        input[nameBytes.Length + 1] = Ed25519Type;
        publicKey.CopyTo(input.AsSpan(nameBytes.Length + 2));
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input));
    }

    /// <summary>A fresh signer key (Go's note.GenerateKey form) for <paramref name="name"/>.</summary>
    public static string GenerateSignerKey(string name)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid note key name (non-empty, no spaces, no '+').", nameof(name));
        }
        var seed = RandomNumberGenerator.GetBytes(32);
        var publicKey = new Ed25519PrivateKeyParameters(seed).GeneratePublicKey().GetEncoded();
        return $"{PrivatePrefix}{name}+{KeyId(name, publicKey):x8}+{Convert.ToBase64String([Ed25519Type, .. seed])}";
    }

    /// <summary>The <c>name+hash</c> that identifies a verifier key (its name alone is <see cref="NameOf"/>).</summary>
    public static string Identify(string verifierKey)
    {
        var parts = verifierKey.Trim().Split('+');
        return parts.Length >= 2 ? $"{parts[0]}+{parts[1]}" : verifierKey;
    }

    public static string NameOf(string verifierKey) => verifierKey.Trim().Split('+')[0];

    public static string VerifierKey(string name, ReadOnlySpan<byte> publicKey) =>
        $"{name}+{KeyId(name, publicKey):x8}+{Convert.ToBase64String([Ed25519Type, .. publicKey])}";

    /// <summary>Splits <c>name+hash+base64</c> and checks the hash, the type byte and the key length.</summary>
    internal static bool TryParse(string text, out string name, out uint keyId, out byte[] key)
    {
        name = "";
        keyId = 0;
        key = [];
        // Names never hold '+', base64 may: split at the first two.
        var middle = text.IndexOf('+', StringComparison.Ordinal);
        var last = middle > 0 ? text.IndexOf('+', middle + 1) : -1;
        if (middle <= 0 || last < 0)
        {
            return false;
        }
        name = text[..middle];
        var hex = text[(middle + 1)..last];
        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(text[(last + 1)..]);
        }
        catch (FormatException)
        {
            return false;
        }
        if (!IsValidName(name) || hex.Length != 8 || !uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out keyId)
            || decoded.Length != 33 || decoded[0] != Ed25519Type)
        {
            return false;
        }
        key = decoded[1..];
        return true;
    }
}

/// <summary>Signs note texts with an Ed25519 key given as a signer key string (see <see cref="NoteKeys"/>).</summary>
public sealed class NoteSigner
{
    private readonly Ed25519PrivateKeyParameters _key;

    public NoteSigner(string signerKey)
    {
        const string prefix = "PRIVATE+KEY+";
        if (!signerKey.StartsWith(prefix, StringComparison.Ordinal) || !NoteKeys.TryParse(signerKey[prefix.Length..].Trim(), out var name, out var id, out var seed))
        {
            throw new FormatException("Not a note signer key: expected PRIVATE+KEY+<name>+<8 hex>+<base64(0x01 ‖ 32-byte seed)>.");
        }
        _key = new Ed25519PrivateKeyParameters(seed);
        var publicKey = _key.GeneratePublicKey().GetEncoded();
        if (NoteKeys.KeyId(name, publicKey) != id)
        {
            throw new FormatException($"The signer key for '{name}' carries key ID {id:x8}, but its key hashes to {NoteKeys.KeyId(name, publicKey):x8}.");
        }
        Name = name;
        KeyId = id;
        VerifierKey = NoteKeys.VerifierKey(name, publicKey);
    }

    public string Name { get; }
    public uint KeyId { get; }
    public string VerifierKey { get; }

    /// <summary>The signed note: the text (ending in a newline), a blank line, and this key's signature line.</summary>
    public string Sign(string text)
    {
        SignedNote.CheckText(text);
        var message = Encoding.UTF8.GetBytes(text);
        var signer = new Ed25519Signer();
        signer.Init(true, _key);
        signer.BlockUpdate(message, 0, message.Length);
        var signature = signer.GenerateSignature();
        var blob = new byte[4 + signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(blob, KeyId);
        signature.CopyTo(blob, 4);
        return $"{text}\n{SignedNote.SignaturePrefix}{Name} {Convert.ToBase64String(blob)}\n";
    }
}
