namespace Archive.Data;

/// <summary>
/// The database the archive runs on, for the few services that hold connections of their own outside the context's pool
/// (host slot locks, the article change listener): they must end with their session, which a pooled connection never does.
/// </summary>
public sealed record ArchiveConnection(string ConnectionString);
