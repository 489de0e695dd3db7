using System.Net.Http.Json;
using Archive.Transparency.Merkle;
using Archive.Transparency.Notes;
using Archive.Transparency.Receipts;

namespace Archive.Cli.Commands;

/// <summary>
/// Fetches a log's latest checkpoint and a consistency proof from a checkpoint saved earlier, and checks that the new tree
/// extends the old one: the log only grew, nothing logged was changed or taken out.
/// </summary>
internal static class LogGrowth
{
    private sealed record ConsistencyProof(long From, long To, List<string> Hashes);

    public static async Task<int> RunAsync(Uri log, FileInfo since, string? trustedKey, bool update, CancellationToken ct)
    {
        var prefix = log.AbsolutePath.TrimEnd('/').Length == 0 ? new Uri(log, "/api/log/") : new Uri(log.AbsoluteUri.TrimEnd('/') + "/");
        using var http = new HttpClient { BaseAddress = prefix, Timeout = TimeSpan.FromSeconds(30) };
        var checks = new List<Check>();
        var key = trustedKey ?? (await http.GetStringAsync("key", ct)).Trim();
        checks.Add(new Check("key", true, trustedKey is null ? $"{key} (fetched from the log: pin it with --key)" : $"{key} (trusted)"));

        var oldNote = await File.ReadAllTextAsync(since.FullName, ct);
        var oldOk = Checkpoint.TryOpen(oldNote, key, out var old, out var error);
        checks.Add(new Check("old", oldOk, oldOk ? $"{since.Name}: tree size {old.TreeSize}, signed" : $"{since.Name} does not verify: {error}"));
        var newNote = await http.GetStringAsync("checkpoint", ct);
        var newOk = Checkpoint.TryOpen(newNote, key, out var current, out error);
        checks.Add(new Check("new", newOk, newOk ? $"{prefix}checkpoint: tree size {current.TreeSize}, signed" : $"the log's checkpoint does not verify: {error}"));
        if (oldOk && newOk)
        {
            checks.Add(await GrowthCheckAsync(http, old, current, ct));
        }
        var status = VerifyCommand.Report(checks);
        if (status == 0 && update)
        {
            await File.WriteAllTextAsync(since.FullName, newNote, ct);
            Console.WriteLine($"saved the checkpoint of tree size {current.TreeSize} to {since.Name}");
        }
        return status;
    }

    private static async Task<Check> GrowthCheckAsync(HttpClient http, Checkpoint old, Checkpoint current, CancellationToken ct)
    {
        if (old.Origin != current.Origin)
        {
            return new Check("consistency", false, $"the checkpoints are of different logs: {old.Origin} and {current.Origin}");
        }
        if (current.TreeSize < old.TreeSize)
        {
            return new Check("consistency", false, $"the log shrank from {old.TreeSize} to {current.TreeSize} entries");
        }
        var proof = await http.GetFromJsonAsync<ConsistencyProof>($"proofs/consistency?from={old.TreeSize}&to={current.TreeSize}", ct)
            ?? throw new FormatException("The log sent no consistency proof.");
        var hashes = proof.Hashes.Select(Convert.FromBase64String).ToList();
        var ok = proof.From == old.TreeSize && proof.To == current.TreeSize
            && ProofVerifier.VerifyConsistency(old.TreeSize, current.TreeSize, hashes, old.RootHash, current.RootHash);
        return new Check("consistency", ok, ok
            ? $"the tree of {current.TreeSize} extends the tree of {old.TreeSize} ({hashes.Count} proof hashes): the log only grew"
            : $"the proof does not show the tree of {current.TreeSize} extending the tree of {old.TreeSize}: the log was rewritten");
    }
}
