using System.Buffers.Binary;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Archive.Transparency.Notes;

/// <summary>
/// C2SP signed-note: a text ending in a newline, a blank line, then signature lines <c>— name base64(key ID ‖ signature)</c>.
/// The text is separated from the signatures by the last blank line.
/// </summary>
public static class SignedNote
{
    public const string SignaturePrefix = "\u2014 ";
    /// <summary>Notes larger than this are refused unread (a checkpoint is ~200 bytes; the spec asks to accept 16 signatures).</summary>
    public const int MaxBytes = 1 << 20;
    public const int MaxSignatures = 100;

    internal static void CheckText(string text)
    {
        if (text.Length == 0 || text[^1] != '\n' || text.Any(c => c < 0x20 && c != '\n'))
        {
            throw new ArgumentException("A note text ends in a newline and holds no control character other than newlines.", nameof(text));
        }
    }

    /// <summary>
    /// Opens a note with one trusted verifier key: true, with the text, when a signature line by that key (same name and key ID)
    /// verifies. Signatures by other keys are ignored, as the spec requires; one by this key that fails rejects the note.
    /// </summary>
    public static bool TryOpen(string note, string verifierKey, out string text, out string error)
    {
        text = "";
        if (!NoteKeys.TryParse(verifierKey.Trim(), out var name, out var keyId, out var publicKey))
        {
            error = "the verifier key is not of the form <name>+<8 hex>+<base64(0x01 ‖ 32-byte Ed25519 key)>";
            return false;
        }
        if (NoteKeys.KeyId(name, publicKey) != keyId)
        {
            error = $"the verifier key's ID {keyId:x8} does not match its name and public key";
            return false;
        }
        if (Encoding.UTF8.GetByteCount(note) > MaxBytes || note.Any(c => c < 0x20 && c != '\n') || !note.EndsWith('\n'))
        {
            error = "the note is too large, holds control characters, or does not end in a newline";
            return false;
        }
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            error = "the note has no blank line before its signatures";
            return false;
        }
        text = note[..(split + 1)];
        var lines = note[(split + 2)..^1].Split('\n');
        if (lines.Length > MaxSignatures)
        {
            error = $"the note carries more than {MaxSignatures} signatures";
            return false;
        }
        var verified = false;
        foreach (var line in lines)
        {
            if (!TryParseSignature(line, out var signer, out var id, out var signature))
            {
                error = $"malformed signature line '{line}'";
                return false;
            }
            if (signer != name || id != keyId)
            {
                continue;
            }
            if (!Verify(publicKey, Encoding.UTF8.GetBytes(text), signature))
            {
                error = $"the signature by {name} (key {keyId:x8}) does not verify";
                return false;
            }
            verified = true;
        }
        error = verified ? "" : $"no signature by {name} (key {keyId:x8})";
        return verified;
    }

    private static bool TryParseSignature(string line, out string name, out uint keyId, out byte[] signature)
    {
        name = "";
        keyId = 0;
        signature = [];
        if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal))
        {
            return false;
        }
        var rest = line[SignaturePrefix.Length..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return false;
        }
        name = rest[..space];
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(rest[(space + 1)..]);
        }
        catch (FormatException)
        {
            return false;
        }
        if (!NoteKeys.IsValidName(name) || blob.Length < 5)
        {
            return false;
        }
        keyId = BinaryPrimitives.ReadUInt32BigEndian(blob);
        signature = blob[4..];
        return true;
    }

    private static bool Verify(byte[] publicKey, byte[] message, byte[] signature)
    {
        if (signature.Length != 64)
        {
            return false;
        }
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(publicKey));
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature);
    }
}
