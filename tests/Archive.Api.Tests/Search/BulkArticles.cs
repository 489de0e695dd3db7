using Archive.Data.Stores;
using Npgsql;

namespace Archive.Api.Tests.Search;

/// <summary>
/// Many articles written straight into the tables (faster than uploads by thousands); the search rows are built as the
/// indexer builds them after an upload. The caller fills a temp table <c>bulk</c> (i, a, c, v uuids, url, t, text); each row becomes an article with
/// one fetched capture and its current English version, titled "Harbour report i".
/// </summary>
internal static class BulkArticles
{
    /// <summary>Whether an earlier test of the class already seeded the fixture's database (xUnit builds the class per test).</summary>
    public static async Task<bool> SeededAsync(NpgsqlConnection connection, string urlPrefix)
    {
        await using var seeded = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM articles WHERE url LIKE @prefix || '%')", connection);
        seeded.Parameters.AddWithValue("prefix", urlPrefix);
        return (bool)(await seeded.ExecuteScalarAsync())!;
    }

    /// <param name="afterRows">Statements run once the rows are in and before their search rows are built and the table
    /// analyzed (an outlet given to some articles, say), so the statistics describe the rows as searched.</param>
    public static async Task InsertAsync(NpgsqlConnection connection, string createBulk, string? afterRows = null)
    {
        await using (var create = new NpgsqlCommand(createBulk, connection) { CommandTimeout = 300 })
        {
            await create.ExecuteNonQueryAsync();
        }
        await InsertRowsAsync(connection);
        if (afterRows is not null)
        {
            await using var after = new NpgsqlCommand(afterRows, connection) { CommandTimeout = 300 };
            await after.ExecuteNonQueryAsync();
        }
        await SearchIndexing.IndexAllOwedAsync(connection, CancellationToken.None, 1_000);
        await using var analyze = new NpgsqlCommand("ANALYZE article_search", connection) { CommandTimeout = 300 };
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>The rows of <c>bulk</c> as articles, captures and current versions, search rows not built.</summary>
    public static async Task InsertRowsAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO articles (id, url, created_at) SELECT a, url, t FROM bulk;
            INSERT INTO captures (id, requested_url, final_url, redirect_chain, response_headers, raw_compressed, raw_length, raw_sha256,
                    captured_at, source, stored_at, http_status, content_type)
                SELECT c, url, url, '[]', '[]', convert_to(text, 'UTF8'), length(text), encode(sha256(convert_to(text, 'UTF8')), 'hex'),
                       t, 'fetched', t, 200, 'text/html; charset=utf-8' FROM bulk;
            INSERT INTO article_versions (id, article_id, capture_id, captured_at, title, published_at, language, text, html,
                    content_hash, evidence, created_at)
                SELECT v, a, c, t, 'Harbour report ' || i, t, 'en', text, '<p>' || text || '</p>',
                       encode(sha256(convert_to(text, 'UTF8')), 'hex'), '{}', t FROM bulk;
            UPDATE articles SET current_version_id = bulk.v FROM bulk WHERE articles.id = bulk.a;
            """, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync();
    }
}
