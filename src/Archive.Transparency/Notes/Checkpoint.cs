using System.Globalization;

namespace Archive.Transparency.Notes;

/// <summary>The C2SP tlog-checkpoint note text: origin, decimal tree size, base64 root hash, each on a line.</summary>
public sealed record Checkpoint(string Origin, long TreeSize, byte[] RootHash)
{
    public string ToText() => $"{Origin}\n{TreeSize.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(RootHash)}\n";

    /// <summary>Parses a checkpoint's text (extension lines after the third are allowed and ignored).</summary>
    public static bool TryParse(string text, out Checkpoint checkpoint)
    {
        checkpoint = new Checkpoint("", 0, []);
        var lines = text.Split('\n');
        // At least origin, size and root, then the empty string after the final newline.
        if (lines.Length < 4 || lines[^1].Length != 0 || lines[..^1].Any(l => l.Length == 0))
        {
            return false;
        }
        var size = lines[1];
        if (size.Length == 0 || !size.All(char.IsAsciiDigit) || (size.Length > 1 && size[0] == '0')
            || !long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var treeSize))
        {
            return false;
        }
        byte[] root;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException)
        {
            return false;
        }
        if (root.Length != Merkle.TreeHashing.HashSize)
        {
            return false;
        }
        checkpoint = new Checkpoint(lines[0], treeSize, root);
        return true;
    }

    /// <summary>Opens a signed checkpoint with the log's verifier key; the key's name must be the origin.</summary>
    public static bool TryOpen(string note, string verifierKey, out Checkpoint checkpoint, out string error)
    {
        checkpoint = new Checkpoint("", 0, []);
        if (!SignedNote.TryOpen(note, verifierKey, out var text, out error))
        {
            return false;
        }
        if (!TryParse(text, out checkpoint))
        {
            error = "the signed text is not a checkpoint (origin, tree size, base64 root hash)";
            return false;
        }
        var keyName = NoteKeys.NameOf(verifierKey);
        if (keyName != checkpoint.Origin)
        {
            error = $"the checkpoint's origin '{checkpoint.Origin}' is not the key's name '{keyName}'";
            return false;
        }
        return true;
    }
}
