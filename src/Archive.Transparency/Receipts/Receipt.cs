using System.Text.Json;
using System.Text.Json.Serialization;

namespace Archive.Transparency.Receipts;

/// <summary>
/// Everything needed to check offline that an entry is in the log: the entry's exact bytes, its index, an inclusion proof
/// into the tree of <see cref="TreeSize"/> leaves, the checkpoint signed for that tree, and the log's verifier key.
/// </summary>
public sealed record Receipt(
    [property: JsonPropertyName("entry")] string Entry,
    [property: JsonPropertyName("index")] long Index,
    [property: JsonPropertyName("treeSize")] long TreeSize,
    [property: JsonPropertyName("inclusion")] IReadOnlyList<string> Inclusion,
    [property: JsonPropertyName("checkpoint")] string Checkpoint,
    [property: JsonPropertyName("verifierKey")] string VerifierKey)
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static Receipt Parse(string json) =>
        JsonSerializer.Deserialize<Receipt>(json) is { Entry: not null, Inclusion: not null, Checkpoint: not null, VerifierKey: not null } receipt
            ? receipt
            : throw new FormatException("Not a receipt: it needs entry, index, treeSize, inclusion, checkpoint and verifierKey.");

    public string ToJson() => JsonSerializer.Serialize(this, Options);
}
