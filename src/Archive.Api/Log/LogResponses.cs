namespace Archive.Api.Log;

/// <summary>An RFC 9162 audit path: the base64 hashes from the entry's sibling up to the root of the tree of <c>treeSize</c>.</summary>
public sealed record InclusionProofResponse(long Index, long TreeSize, IReadOnlyList<string> Hashes);

/// <summary>An RFC 9162 consistency proof that the tree of <c>from</c> entries is a prefix of the tree of <c>to</c>.</summary>
public sealed record ConsistencyProofResponse(long From, long To, IReadOnlyList<string> Hashes);

/// <summary>What <c>GET /api/articles/{id}/verify</c> found: every check made, and the ones that failed.</summary>
public sealed record VerificationResponse(Guid ArticleId, bool Verified, long TreeSize, IReadOnlyList<VerificationCheck> Checks,
    IReadOnlyList<VerificationCheck> Mismatches);

/// <summary>One check: what was checked (<c>subject</c>), which property (<c>check</c>), whether it held, and the figures.</summary>
public sealed record VerificationCheck(string Subject, string Check, bool Ok, string Detail);

/// <summary><c>POST /api/verify</c> as JSON: a text, or a content or raw hash (<c>sha256:&lt;hex&gt;</c>).</summary>
public sealed record HashLookupRequest(string? Text = null, string? ContentHash = null, string? RawHash = null);

/// <summary>The logged captures whose canonical text or raw bytes match, first logged first, and the text's first sighting.</summary>
public sealed record HashLookupResponse(string? ContentHash, string? RawHash, IReadOnlyList<HashMatch> Matches, HashMatch? FirstSeen);

public sealed record HashMatch(long Log, string Match, Guid CaptureId, Guid ArticleId, Guid VersionId, string FinalUrl, string CapturedAt,
    string ReceivedAt, string Source);
