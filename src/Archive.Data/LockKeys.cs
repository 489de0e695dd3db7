using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Archive.Data;

/// <summary>
/// Every PostgreSQL advisory lock the archive takes, named by one convention: the 64-bit key is the first eight bytes of
/// the SHA-256 of <c>space:value</c>, computed here and passed to the statement as a parameter. Every lock is
/// transaction-scoped (<c>pg_advisory_xact_lock</c>), so none outlives a crash or a rolled-back transaction.
/// </summary>
public static class LockKeys
{
    /// <summary>Family updates hold it exclusively; the check that an article changes no family holds it shared.</summary>
    public static long Lineage { get; } = Of("lineage", "families");

    /// <summary>Integration passes of the transparency log, in every process sharing the database, serialise on it.</summary>
    public static long LogSequencer { get; } = Of("log", "sequencer");

    /// <summary>Captures of one URL identity arriving together land on one article.</summary>
    public static long ArticleUrl(string urlKey) => Of("article-url", urlKey);

    /// <summary>The first pages of a new outlet arriving together make one publisher.</summary>
    public static long Publisher(string domain) => Of("publisher", domain);

    public static long Of(string space, string value)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(value);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{space}:{value}"), hash);
        return BinaryPrimitives.ReadInt64BigEndian(hash);
    }
}
