using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Archive.Data;

/// <summary>
/// Every PostgreSQL advisory lock the archive takes, named by one convention: the 64-bit key is the first eight bytes of
/// the SHA-256 of <c>space:value</c>, computed here and passed to the statement as a parameter. Every lock here is
/// transaction-scoped (<c>pg_advisory_xact_lock</c>), so none outlives a crash or a rolled-back transaction; the host slots
/// (<see cref="HostSlotStore"/>) are session locks, on connections of their own that end with their holder.
/// </summary>
public static class LockKeys
{
    /// <summary>
    /// One story family, named by its representative: the least member id (by <see cref="Guid.CompareTo(Guid)"/>) of the
    /// connected component, the article itself when it has no family. A family update holds the keys of every family it may
    /// change exclusively; the check that an article changes no family holds its own and its site-mates' keys shared.
    /// </summary>
    public static long Family(Guid representative) => Of(FamilySpace, representative.ToString());

    /// <summary>
    /// <see cref="Family"/> as SQL over a uuid expression, for statements that find the articles to lock themselves: the same
    /// 64 bits (<c>uuid::text</c> is the lowercase form <see cref="Guid.ToString()"/> gives).
    /// </summary>
    public static string FamilySql(string uuidExpression) =>
        $"('x' || left(encode(sha256(convert_to('{FamilySpace}:' || ({uuidExpression})::text, 'UTF8')), 'hex'), 16))::bit(64)::bigint";

    private const string FamilySpace = "lineage-family";

    /// <summary>Integration passes of the transparency log, in every process sharing the database, serialise on it.</summary>
    public static long LogSequencer { get; } = Of("log", "sequencer");

    /// <summary>Batches of the search indexer, in every process sharing the database, take turns on it.</summary>
    public static long SearchIndexer { get; } = Of("search", "indexer");

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
