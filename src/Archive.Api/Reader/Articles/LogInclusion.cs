using System.Text.Json.Nodes;
using Archive.Api.Log;
using Archive.Data;
using Archive.Data.Stores;
using Archive.Transparency.Merkle;
using Archive.Transparency.Notes;

namespace Archive.Api.Reader.Articles;

public enum LogInclusionState
{
    /// <summary>The capture's entry is owed and not yet in a signed checkpoint.</summary>
    Pending,
    Verified,
    Failed,
}

/// <summary>What the provenance panel says of the shown capture's log entry, checked when the page was made.</summary>
public sealed record LogInclusion(LogInclusionState State, long? Index, long TreeSize, DateTimeOffset? LoggedAt, string? Key, string? Problem,
    DateTimeOffset CheckedAt);

/// <summary>
/// Checks the shown capture against the transparency log as a reader's own verifier would, cheaply enough for every page:
/// the latest checkpoint's signature with the log's key, the entry's inclusion proof against that checkpoint's root, and
/// that the entry logged the raw and text hashes the page shows. The full re-check (roots recomputed from the stored tiles,
/// raw bytes re-hashed, lineage) is <c>GET /api/articles/{id}/verify</c>, linked from the panel.
/// </summary>
public sealed class LogInclusionCheck(LogStore store, LogState state, LogProofs proofs, LogKey key, TimeProvider time, OpenedCheckpoint last)
{
    public async Task<LogInclusion> CheckAsync(VersionRow shown, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var entry = await store.EntryOfCaptureAsync(shown.CaptureId, ct);
        var checkpoint = entry is null ? null : await state.AtLeastAsync(entry.Index + 1, store, ct);
        if (entry is null || checkpoint is null || entry.Index >= checkpoint.TreeSize)
        {
            return new LogInclusion(LogInclusionState.Pending, entry?.Index, checkpoint?.TreeSize ?? 0, entry?.LoggedAt, null, null, now);
        }
        LogInclusion Failed(string problem) =>
            new(LogInclusionState.Failed, entry.Index, checkpoint.TreeSize, entry.LoggedAt, null, problem, now);
        if (!last.TryOpen(checkpoint.Note, key.Signer.VerifierKey, out var opened, out var error))
        {
            return Failed($"the checkpoint of tree size {checkpoint.TreeSize} does not verify with the log's key: {error}");
        }
        var proof = await proofs.InclusionAsync(entry.Index, opened.TreeSize, ct);
        if (!ProofVerifier.VerifyInclusion(TreeHashing.LeafHash(entry.Entry), entry.Index, opened.TreeSize, proof, opened.RootHash))
        {
            return Failed($"entry {entry.Index} does not hash into the signed tree of {opened.TreeSize}");
        }
        var logged = JsonNode.Parse(entry.Entry) as JsonObject;
        if (!SameHash(logged?["rawHash"], shown.RawSha256) || !SameHash(logged?["contentHash"], shown.ContentHash))
        {
            return Failed($"entry {entry.Index} logged other hashes than this capture's raw bytes and text");
        }
        return new LogInclusion(LogInclusionState.Verified, entry.Index, opened.TreeSize, entry.LoggedAt,
            NoteKeys.Identify(key.Signer.VerifierKey), null, now);
    }

    private static bool SameHash(JsonNode? logged, string shown) =>
        logged?.GetValue<string>() is { } value && string.Equals(Bare(value), Bare(shown), StringComparison.OrdinalIgnoreCase);

    private static string Bare(string hash) => hash.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? hash[7..] : hash;
}

/// <summary>
/// The last checkpoint note whose signature verified, with the key it verified with: every page shows the same latest
/// checkpoint until the log grows, so its signature is checked once, not on each page. A note that differs by one byte, or
/// another key, is verified afresh.
/// </summary>
public sealed class OpenedCheckpoint
{
    private Opened? _last;

    public bool TryOpen(string note, string verifierKey, out Checkpoint checkpoint, out string error)
    {
        if (Volatile.Read(ref _last) is { } known && string.Equals(known.Note, note, StringComparison.Ordinal) &&
            string.Equals(known.Key, verifierKey, StringComparison.Ordinal))
        {
            checkpoint = known.Checkpoint;
            error = "";
            return true;
        }
        if (!Checkpoint.TryOpen(note, verifierKey, out checkpoint, out error))
        {
            return false;
        }
        Volatile.Write(ref _last, new Opened(note, verifierKey, checkpoint));
        return true;
    }

    private sealed record Opened(string Note, string Key, Checkpoint Checkpoint);
}
