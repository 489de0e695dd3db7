namespace Archive.Data.Entities;

/// <summary>What a log entry records: a capture (with its article version) or a lineage decision.</summary>
public enum LogEntryKind
{
    Capture,
    Lineage,
}

/// <summary>
/// An entry of the transparency log at its dense <see cref="Index"/> (0, 1, 2… in the order they were integrated, never
/// changed: the database refuses UPDATE and DELETE). <see cref="Entry"/> holds the exact bytes hashed into the tree; the
/// other columns are lookups derived from them.
/// </summary>
public sealed class LogEntry
{
    public required long Index { get; init; }
    public required byte[] Entry { get; init; }
    public required LogEntryKind Kind { get; init; }
    public Guid? CaptureId { get; init; }
    /// <summary>The capture's article, or every article a lineage decision covers.</summary>
    public required Guid[] ArticleIds { get; init; }
    /// <summary>SHA-256 of the canonical clean text, lower-case hex (capture entries).</summary>
    public string? ContentHash { get; init; }
    /// <summary>SHA-256 of the raw capture, lower-case hex (capture entries).</summary>
    public string? RawHash { get; init; }
    public required DateTimeOffset LoggedAt { get; init; }
}

/// <summary>
/// An entry owed to the log: written in the same transaction as what it records (as <see cref="PendingLineage"/> is), so a
/// crash before it is integrated leaves it here, and the sequencer integrates it on the next pass.
/// </summary>
public sealed class PendingLogEntry
{
    public long Id { get; init; }
    public required byte[] Entry { get; init; }
    public required LogEntryKind Kind { get; init; }
    public Guid? CaptureId { get; init; }
    public required Guid[] ArticleIds { get; init; }
    public string? ContentHash { get; init; }
    public string? RawHash { get; init; }
    public required DateTimeOffset QueuedAt { get; init; }
}

/// <summary>A C2SP tlog-tiles tile: up to 256 hashes (32 bytes each) of one tree layer. Rows only grow (a database trigger).</summary>
public sealed class LogTile
{
    public required int Level { get; init; }
    public required long Index { get; init; }
    public required byte[] Hashes { get; init; }
}

/// <summary>A signed checkpoint (C2SP tlog-checkpoint note) of the tree at <see cref="TreeSize"/>. Never changed.</summary>
public sealed class LogCheckpoint
{
    public required long TreeSize { get; init; }
    public required byte[] RootHash { get; init; }
    public required string Note { get; init; }
    public required DateTimeOffset SignedAt { get; init; }
}
