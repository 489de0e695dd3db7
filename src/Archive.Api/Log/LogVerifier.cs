using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Archive.Data;
using Archive.Data.Entities;
using Archive.Engine.Text;
using Archive.Transparency.Entries;
using Archive.Transparency.Merkle;
using Archive.Transparency.Notes;

namespace Archive.Api.Log;

/// <summary>
/// Re-checks what is stored about an article against the log: the latest checkpoint's signature and root (recomputed from
/// the tiles); for each version, that its capture has an entry, that the entry's bytes hash into the signed tree, that the
/// stored capture and version rebuild the entry field for field, and that the raw bytes and the text hash as logged; and
/// that the family's stored lineage links are the ones the latest logged decision recorded.
/// </summary>
public sealed class LogVerifier(LogStore store, LogProofs proofs, LogKey key)
{
    public async Task<VerificationResponse?> VerifyArticleAsync(Guid articleId, Guid? versionId, CancellationToken ct)
    {
        var versions = await store.VersionsWithCapturesAsync(articleId, versionId, ct);
        if (versions.Count == 0)
        {
            return null;
        }
        var checks = new List<VerificationCheck>();
        var checkpoint = await CheckCheckpointAsync(checks, ct);
        var entries = await store.EntriesOfCapturesAsync([.. versions.Select(v => v.CaptureId)], ct);
        foreach (var version in versions)
        {
            await CheckVersionAsync(version, entries.GetValueOrDefault(version.CaptureId), checkpoint, checks, ct);
        }
        await CheckLineageAsync(articleId, checks, ct);
        var mismatches = checks.Where(c => !c.Ok).ToList();
        return new VerificationResponse(articleId, mismatches.Count == 0, checkpoint?.TreeSize ?? 0, checks, mismatches);
    }

    private async Task<Checkpoint?> CheckCheckpointAsync(List<VerificationCheck> checks, CancellationToken ct)
    {
        var latest = await store.LatestCheckpointAsync(ct);
        if (latest is null)
        {
            checks.Add(new VerificationCheck("log", "checkpoint", false, "the log has no checkpoint"));
            return null;
        }
        if (!Checkpoint.TryOpen(latest.Note, key.Signer.VerifierKey, out var checkpoint, out var error))
        {
            checks.Add(new VerificationCheck("log", "checkpoint", false, $"the latest checkpoint does not verify: {error}"));
            return null;
        }
        var root = await proofs.RootAsync(checkpoint.TreeSize, fromDatabase: true, ct);
        var ok = root.AsSpan().SequenceEqual(checkpoint.RootHash);
        checks.Add(new VerificationCheck("log", "checkpoint", ok, ok
            ? $"tree size {checkpoint.TreeSize} signed by {NoteKeys.Identify(key.Signer.VerifierKey)}; its root is recomputed from the stored tiles"
            : $"the stored tiles give root {Convert.ToBase64String(root)}, the signed checkpoint says {Convert.ToBase64String(checkpoint.RootHash)}"));
        return ok ? checkpoint : null;
    }

    private async Task CheckVersionAsync(ArticleVersion version, LogEntry? entry, Checkpoint? checkpoint, List<VerificationCheck> checks,
        CancellationToken ct)
    {
        var capture = version.Capture!;
        var subject = $"version {version.Id} (capture {capture.Id})";
        if (entry is null)
        {
            checks.Add(new VerificationCheck(subject, "logged", false, "no log entry records this capture"));
            return;
        }
        checks.Add(new VerificationCheck(subject, "logged", true, $"entry {entry.Index}"));
        if (checkpoint is not null && entry.Index < checkpoint.TreeSize)
        {
            var proof = await proofs.InclusionAsync(entry.Index, checkpoint.TreeSize, ct);
            var included = ProofVerifier.VerifyInclusion(TreeHashing.LeafHash(entry.Entry), entry.Index, checkpoint.TreeSize, proof, checkpoint.RootHash);
            checks.Add(new VerificationCheck(subject, "inclusion", included, included
                ? $"entry {entry.Index} hashes into the signed tree of {checkpoint.TreeSize}"
                : $"entry {entry.Index}'s stored bytes no longer hash into the signed tree of {checkpoint.TreeSize}: the entry was altered"));
        }

        var differences = EntryComparison.Compare(LogStore.EntryOf(capture, version).ToBytes(), entry.Entry);
        checks.AddRange(differences.Count == 0
            ? [new VerificationCheck(subject, "record", true, $"the stored capture and version rebuild entry {entry.Index} exactly")]
            : differences.Select(d => new VerificationCheck(subject, $"record:{d.Field}", false,
                $"stored {d.Stored ?? "nothing"}, entry {entry.Index} logged {d.Logged ?? "nothing"}")));

        var logged = JsonNode.Parse(entry.Entry) as JsonObject;
        var rawHash = ContentHash.Prefix + Convert.ToHexStringLower(await CapturedBytes.Sha256Async(capture.RawCompressed, ct));
        checks.Add(HashCheck(subject, "raw", "the stored raw bytes", rawHash, logged?["rawHash"]?.GetValue<string>(), entry.Index));
        var textHash = ContentHash.OfText(version.Text).ToString();
        checks.Add(HashCheck(subject, "text", "the stored clean text (canonical form)", textHash, logged?["contentHash"]?.GetValue<string>(), entry.Index));
    }

    private static VerificationCheck HashCheck(string subject, string check, string what, string actual, string? logged, long index) =>
        actual == logged
            ? new VerificationCheck(subject, check, true, $"the SHA-256 of {what} is {actual}, as entry {index} logged")
            : new VerificationCheck(subject, check, false, $"the SHA-256 of {what} is {actual}; entry {index} logged {logged ?? "nothing"}");

    private async Task CheckLineageAsync(Guid articleId, List<VerificationCheck> checks, CancellationToken ct)
    {
        var decision = (await store.LatestLineageEntriesAsync([articleId], ct)).GetValueOrDefault(articleId);
        if (decision is null)
        {
            var unlogged = (await store.LinksOfAsync([articleId], ct)).ContainsKey(articleId);
            checks.Add(new VerificationCheck($"lineage of {articleId}", "link", !unlogged,
                unlogged ? "a lineage link is stored, but no logged decision records it" : "no lineage decision logged, and no link stored"));
            return;
        }
        var members = (JsonNode.Parse(decision.Entry)?["members"] as JsonArray ?? [])
            .OfType<JsonObject>().Where(m => Guid.TryParse(m["article"]?.GetValue<string>(), out _))
            .ToDictionary(m => Guid.Parse(m["article"]!.GetValue<string>()));
        var standing = await store.LatestLineageEntriesAsync(members.Keys, ct);
        var links = await store.LinksOfAsync(members.Keys, ct);
        // A member decided again later (it left this family) is checked against that later decision, from its own article.
        foreach (var (member, logged) in members.Where(m => standing.GetValueOrDefault(m.Key)?.Index == decision.Index))
        {
            var stored = LineageEntry.ToJson(LogStore.MemberOf(member, links.GetValueOrDefault(member))).Item;
            var differences = Archive.Transparency.Entries.EntryComparison.Compare(stored, logged);
            checks.Add(new VerificationCheck($"lineage of {member}", "link", differences.Count == 0, differences.Count == 0
                ? $"the stored link is the one entry {decision.Index} logged"
                : string.Join("; ", differences.Select(d => $"{d.Field}: stored {d.Stored ?? "nothing"}, entry {decision.Index} logged {d.Logged ?? "nothing"}"))));
        }
    }
}
