using Microsoft.EntityFrameworkCore;
using Npgsql;
using static Archive.Data.BatchCommands;

namespace Archive.Data.Stores;

/// <summary>An article row as an answer shows it: its outlet (when it has one) and how many versions it has.</summary>
public sealed record AnswerArticle(Guid Id, string Url, Guid? CurrentVersionId, Guid? PublisherId, string? PublisherName,
    string? PublisherDomain, int VersionCount);

/// <summary>What may have changed about an article since an ingest stored one of its versions: the article row, the
/// capture's log index and the article's lineage family.</summary>
public sealed record StoredAnswer(AnswerArticle? Article, long? LogIndex, Family Family);

/// <summary>
/// The reads of an upload's answer in one round trip: the article row, the capture's log index and the family (the same
/// statement as <see cref="FamilyReads"/>). They were three (two compiled EF queries and the family's), each a wait for
/// the database and a trip through the service's and the server's request paths on every upload.
/// </summary>
public sealed class StoredAnswerReads(Replicas.ArchiveReadDb read)
{
    private readonly ArchiveDbContext db = read.Context;

    public Task<StoredAnswer> ReadAsync(Guid articleId, Guid captureId, CancellationToken ct) => HeldConnection.RunAsync(db, async () =>
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var family = new NpgsqlBatchCommand(FamilyReads.Sql(withDiffs: false));
            family.Parameters.AddWithValue("article", articleId);
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    Command("""
                        SELECT a.id, a.url, a.current_version_id, p.id, p.name, p.primary_domain,
                               (SELECT count(*)::int FROM article_versions v WHERE v.article_id = a.id)
                        FROM articles a LEFT JOIN publishers p ON p.id = a.publisher_id
                        WHERE a.id = $1
                        """, articleId),
                    Command("SELECT idx FROM log_entries WHERE capture_id = $1 LIMIT 1", captureId),
                    family,
                },
            };
            await using var reader = await batch.ExecuteReaderAsync(ct);
            AnswerArticle? article = null;
            if (await reader.ReadAsync(ct))
            {
                article = new AnswerArticle(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetGuid(2),
                    reader.IsDBNull(3) ? null : reader.GetGuid(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt32(6));
            }
            await reader.NextResultAsync(ct);
            long? log = await reader.ReadAsync(ct) ? reader.GetInt64(0) : null;
            await reader.NextResultAsync(ct);
            return new StoredAnswer(article, log, await FamilyReads.ReadAsync(reader, ct));
        }, ct);
}
