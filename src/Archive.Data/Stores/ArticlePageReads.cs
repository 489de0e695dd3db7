using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Archive.Data.Stores;

/// <summary>What the article page prints of an article and its shown version: no evidence, warnings or page text (only the
/// JSON carries those). <see cref="Text"/> is the fallback when the clean HTML is too deep to show.</summary>
public sealed record ShownArticle(Guid Id, string Url, Guid VersionId, bool IsCurrent, string? Title, string? Byline,
    DateTimeOffset? PublishedAt, DateTimeOffset? ModifiedAt, string? Language, Guid? PublisherId, string? PublisherName,
    string? PublisherDomain, string ContentHash, string Text, string Html, DateTimeOffset CapturedAt);

/// <summary>
/// The article page's own read: the article with the shown version, and the story's family with its articles
/// (<see cref="FamilyReads"/>), as two statements of one batch, so one round trip. The page had built the article JSON for
/// them: four round trips, the whole version row (its evidence through EF's JSON materialiser, the page's other text) and the
/// family's articles by an EF query over a list of ids. docs/reader.md has the figures.
/// </summary>
public sealed class ArticlePageReads(Replicas.ArchiveReadDb read)
{
    private const string ArticleSql = """
        SELECT a.id, a.url, v.id, v.id = a.current_version_id, v.title, v.byline, v.published_at, v.modified_at, v.language,
               p.id, p.name, p.primary_domain, v.content_hash, v.text, v.html, c.captured_at
        FROM articles a
        JOIN article_versions v ON v.id = COALESCE(@version, a.current_version_id) AND v.article_id = a.id
        JOIN captures c ON c.id = v.capture_id
        LEFT JOIN publishers p ON p.id = a.publisher_id
        WHERE a.id = @article
        """;

    private readonly ArchiveDbContext db = read.Context;

    /// <summary>The article <paramref name="articleId"/> at <paramref name="versionId"/> (its current version when null) and its
    /// family; null when there is no such article or no such version of it.</summary>
    public async Task<(ShownArticle Article, Family Family)?> ReadAsync(Guid articleId, Guid? versionId, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection())
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(ArticleSql)
                    {
                        Parameters =
                        {
                            new NpgsqlParameter<Guid>("article", articleId),
                            new NpgsqlParameter("version", NpgsqlDbType.Uuid) { Value = versionId is { } v ? v : DBNull.Value },
                        },
                    },
                    new NpgsqlBatchCommand(FamilyReads.Sql(withDiffs: false)) { Parameters = { new NpgsqlParameter<Guid>("article", articleId) } },
                },
            };
            await using var reader = await batch.ExecuteReaderAsync(ct);
            ShownArticle? article = null;
            if (await reader.ReadAsync(ct))
            {
                article = new ShownArticle(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), !reader.IsDBNull(3) && reader.GetBoolean(3),
                    Nullable(reader, 4), Nullable(reader, 5), NullableTime(reader, 6), NullableTime(reader, 7), Nullable(reader, 8),
                    reader.IsDBNull(9) ? null : reader.GetGuid(9), Nullable(reader, 10), Nullable(reader, 11),
                    Engine.Text.ContentHash.Prefix + reader.GetString(12), reader.GetString(13), reader.GetString(14),
                    reader.GetFieldValue<DateTimeOffset>(15));
            }
            await reader.NextResultAsync(ct);
            var family = await FamilyReads.ReadAsync(reader, ct);
            return article is null ? null : (article, family);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string? Nullable(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static DateTimeOffset? NullableTime(NpgsqlDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : reader.GetFieldValue<DateTimeOffset>(column);
}
