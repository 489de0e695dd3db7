using System.Buffers.Binary;
using Archive.Api.Extensions;
using Archive.Data;
using Archive.Transparency.Tiles;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Api.Log;

/// <summary>
/// The log's public reads: its key, the latest signed checkpoint, entries, RFC 9162 proofs, and the C2SP tlog-tiles
/// resources under the same prefix (<c>/api/log/checkpoint</c>, <c>/api/log/tile/…</c>), so witnesses and monitors that
/// follow tiled logs can follow this one.
/// </summary>
internal static class LogApi
{
    private const string Immutable = "public, max-age=31536000, immutable";

    public static RouteGroupBuilder MapLogReads(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/log").WithTags("Log");
        // The key, the checkpoint and the tiles are the static resources of a tiled log: one indexed row each, immutable
        // but for the checkpoint, and read in bursts by witnesses and monitors catching up. They are not rate limited.
        group.MapGet("/key", (LogKey key) => TypedResults.Text(key.Signer.VerifierKey, "text/plain; charset=utf-8"))
            .DisableRateLimiting().WithSummary("The log's verifier key: <name>+<key hash>+<base64 Ed25519 key> (C2SP signed-note).");
        group.MapGet("/checkpoint", GetCheckpointAsync).DisableRateLimiting().WithSummary("The latest signed checkpoint (C2SP tlog-checkpoint).");
        group.MapGet("/entries/{index:long}", GetEntryAsync).WithSummary("An entry's exact bytes (RFC 8785 canonical JSON).");
        group.MapGet("/proofs/inclusion", GetInclusionAsync).WithSummary("RFC 9162 inclusion proof of entry index in the tree of treeSize (default: latest).");
        group.MapGet("/proofs/consistency", GetConsistencyAsync).WithSummary("RFC 9162 consistency proof from tree size from to tree size to (default: latest).");
        group.MapGet("/tile/{**path}", GetTileAsync).DisableRateLimiting().WithSummary("C2SP tlog-tiles: tile/<L>/<N>[.p/<W>] hashes, tile/entries/<N>[.p/<W>] entry bundles.");
        return group;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetCheckpointAsync(LogState state, LogStore store, HttpContext http,
        CancellationToken ct)
    {
        // From the database, not memory: behind a load balancer every process then serves checkpoints that only grow.
        var latest = await store.LatestCheckpointAsync(ct);
        if (latest is not null)
        {
            state.Observe(latest);
        }
        if (latest is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The log has no checkpoint yet.");
        }
        http.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Text(latest.Note, "text/plain; charset=utf-8");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetEntryAsync(long index, LogStore store, HttpContext http,
        CancellationToken ct)
    {
        var entry = await store.EntryAsync(index, ct);
        if (entry is null)
        {
            return Problems.NotFound("Log entry", index);
        }
        http.Response.Headers.CacheControl = Immutable;
        return TypedResults.Bytes(entry.Entry, "application/json");
    }

    private static async Task<Results<Ok<InclusionProofResponse>, ProblemHttpResult>> GetInclusionAsync(long? index, long? treeSize,
        LogState state, LogStore store, LogProofs proofs, CancellationToken ct)
    {
        var latest = await state.AtLeastAsync(treeSize ?? 0, store, ct);
        var size = treeSize ?? latest?.TreeSize ?? 0;
        if (index is not { } i || i < 0 || i >= size || size > (latest?.TreeSize ?? 0))
        {
            return Problems.BadRequest("No such inclusion proof.",
                $"index must be an entry of the tree (0 ≤ index < treeSize) and treeSize at most the log's size, {latest?.TreeSize ?? 0}.");
        }
        var proof = await proofs.InclusionAsync(i, size, ct);
        return TypedResults.Ok(new InclusionProofResponse(i, size, [.. proof.Select(Convert.ToBase64String)]));
    }

    private static async Task<Results<Ok<ConsistencyProofResponse>, ProblemHttpResult>> GetConsistencyAsync(long? from, long? to,
        LogState state, LogStore store, LogProofs proofs, CancellationToken ct)
    {
        var latest = (await state.AtLeastAsync(to ?? 0, store, ct))?.TreeSize ?? 0;
        var end = to ?? latest;
        if (from is not { } start || start < 0 || start > end || end > latest)
        {
            return Problems.BadRequest("No such consistency proof.", $"Sizes must satisfy 0 ≤ from ≤ to ≤ {latest}, the log's size.");
        }
        var proof = await proofs.ConsistencyAsync(start, end, ct);
        return TypedResults.Ok(new ConsistencyProofResponse(start, end, [.. proof.Select(Convert.ToBase64String)]));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetTileAsync(string path, LogStore store, HttpContext http,
        CancellationToken ct)
    {
        if (!TileId.TryParse(path, out var tile, out var entries))
        {
            return Problems.NotFound("Tile", path);
        }
        var body = entries ? await BundleAsync(store, tile, ct) : await HashesAsync(store, tile, ct);
        if (body is null)
        {
            return Problems.NotFound("Tile", path);
        }
        // A tile path names fixed content, partial ones included (tiles only grow, and .p/W names the first W hashes).
        http.Response.Headers.CacheControl = Immutable;
        return TypedResults.Bytes(body, "application/octet-stream");
    }

    private static async Task<byte[]?> HashesAsync(LogStore store, TileId tile, CancellationToken ct)
    {
        var stored = await store.TileAsync(tile.Level, tile.Index, ct);
        var length = tile.Width * Transparency.Merkle.TreeHashing.HashSize;
        return stored is null || stored.Length < length ? null : stored[..length];
    }

    /// <summary>Entries as a tlog-tiles bundle: each prefixed by its length, a big-endian uint16.</summary>
    private static async Task<byte[]?> BundleAsync(LogStore store, TileId tile, CancellationToken ct)
    {
        var entries = await store.EntriesAsync(tile.Index * TileId.FullWidth, tile.Width, ct);
        if (entries.Count < tile.Width)
        {
            return null;
        }
        var bundle = new byte[entries.Sum(e => 2 + e.Length)];
        var at = 0;
        foreach (var entry in entries)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bundle.AsSpan(at), checked((ushort)entry.Length));
            entry.CopyTo(bundle, at + 2);
            at += 2 + entry.Length;
        }
        return bundle;
    }
}
