using System.Text.Json;
using Archive.Transparency.Merkle;
using Archive.Transparency.Notes;

namespace Archive.Transparency.Receipts;

/// <summary>One check of a verification, as a line a person can read.</summary>
public sealed record Check(string Name, bool Ok, string Detail);

/// <summary>
/// Checks a receipt offline: the checkpoint's signature (by the receipt's key, or a key the caller trusts), the inclusion
/// proof of the entry into the signed tree, and optionally that a text's content hash and a file's raw hash are the entry's.
/// </summary>
public static class ReceiptVerifier
{
    /// <param name="trustedKey">The verifier key the caller trusts; when null, the receipt's own key is used (and said so).</param>
    /// <param name="contentHash">sha256:&lt;hex&gt; of the canonical text the caller holds, to compare with the entry's.</param>
    /// <param name="rawHash">sha256:&lt;hex&gt; of the raw bytes the caller holds.</param>
    public static IReadOnlyList<Check> Verify(Receipt receipt, string? trustedKey = null, string? contentHash = null, string? rawHash = null)
    {
        var checks = new List<Check>();
        var key = trustedKey ?? receipt.VerifierKey;
        if (trustedKey is not null && trustedKey.Trim() != receipt.VerifierKey.Trim())
        {
            checks.Add(new Check("key", false, $"the receipt names key {receipt.VerifierKey}, not the trusted {trustedKey}"));
        }
        else
        {
            checks.Add(new Check("key", true, trustedKey is null
                ? $"{receipt.VerifierKey} (taken from the receipt: compare it with the key the archive publishes at /api/log/key)"
                : $"{trustedKey} (trusted)"));
        }

        var signed = Checkpoint.TryOpen(receipt.Checkpoint, key, out var checkpoint, out var error);
        checks.Add(new Check("signature", signed, signed
            ? $"checkpoint of {checkpoint.Origin} at tree size {checkpoint.TreeSize} signed by {NoteKeys.Identify(key)}"
            : $"the checkpoint does not verify: {error}"));

        byte[] entry;
        try
        {
            entry = Convert.FromBase64String(receipt.Entry);
        }
        catch (FormatException)
        {
            checks.Add(new Check("inclusion", false, "the entry is not base64"));
            return checks;
        }
        if (signed)
        {
            checks.Add(InclusionCheck(receipt, entry, checkpoint));
        }
        var fields = ReadEntry(entry);
        checks.Add(new Check("entry", fields is not null, fields is null ? "the entry is not a JSON object"
            : $"{Field(fields, "type")} entry {receipt.Index}: {Describe(fields)}"));
        if (contentHash is not null)
        {
            checks.Add(HashCheck("text", contentHash, fields is null ? null : Field(fields, "contentHash")));
        }
        if (rawHash is not null)
        {
            checks.Add(HashCheck("raw", rawHash, fields is null ? null : Field(fields, "rawHash")));
        }
        return checks;
    }

    private static Check InclusionCheck(Receipt receipt, byte[] entry, Checkpoint checkpoint)
    {
        if (receipt.TreeSize != checkpoint.TreeSize)
        {
            return new Check("inclusion", false, $"the proof is for tree size {receipt.TreeSize}, the checkpoint for {checkpoint.TreeSize}");
        }
        List<byte[]> path;
        try
        {
            path = [.. receipt.Inclusion.Select(Convert.FromBase64String)];
        }
        catch (FormatException)
        {
            return new Check("inclusion", false, "a proof hash is not base64");
        }
        var ok = ProofVerifier.VerifyInclusion(TreeHashing.LeafHash(entry), receipt.Index, checkpoint.TreeSize, path, checkpoint.RootHash);
        return new Check("inclusion", ok, ok
            ? $"entry {receipt.Index} is in the signed tree of {checkpoint.TreeSize} ({path.Count} proof hashes)"
            : $"the entry's leaf hash and the {path.Count} proof hashes do not lead to the signed root: the entry or the proof was altered");
    }

    private static Check HashCheck(string name, string held, string? logged) =>
        string.Equals(held, logged, StringComparison.Ordinal)
            ? new Check(name, true, $"{held} matches the entry")
            : new Check(name, false, $"the {(name == "text" ? "text" : "file")} hashes to {held}; the entry says {logged ?? "nothing"}");

    private static Dictionary<string, JsonElement>? ReadEntry(byte[] entry)
    {
        try
        {
            using var document = JsonDocument.Parse(entry);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone())
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Field(Dictionary<string, JsonElement> fields, string name) =>
        fields.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Describe(Dictionary<string, JsonElement> fields) =>
        Field(fields, "type") == Entries.CaptureEntry.Type
            ? $"{Field(fields, "source")} capture {Field(fields, "captureId")} of {Field(fields, "finalUrl")} at {Field(fields, "capturedAt")}, " +
              $"received {Field(fields, "receivedAt")}, article {Field(fields, "articleId")} version {Field(fields, "versionId")}"
            : string.Join(", ", fields.Where(f => f.Value.ValueKind == JsonValueKind.String).Select(f => $"{f.Key} {f.Value.GetString()}"));
}
