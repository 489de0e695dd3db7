using System.Security.Cryptography;
using System.Text;
using Archive.Data;
using Archive.Data.Stores;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Archive.Bench.Reader;

/// <summary>
/// Fills a database, migrated by the real migrations, with N articles of real paragraphs across 500 outlets: one capture,
/// one version and the article row each, by binary COPY; then points each article at its version in one UPDATE, and builds
/// every article's search row as the service's indexer does after an upload.
/// </summary>
internal static class Seeder
{
    public const int Outlets = 500;

    public static async Task<List<(string Title, string Text)>> SeedAsync(string connectionString, TextPool pool, int count, int seed)
    {
        var options = new DbContextOptionsBuilder<ArchiveDbContext>();
        options.ConfigureArchiveDb(connectionString);
        await using (var db = new ArchiveDbContext(options.Options))
        {
            await db.Database.MigrateAsync();
        }
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var random = new Random(seed);
        var start = new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var publishers = Enumerable.Range(0, Outlets).Select(i => (Id: Guid.CreateVersion7(), Domain: $"outlet{i}.example")).ToList();
        await using (var copy = await connection.BeginBinaryImportAsync("COPY publishers (id, name, primary_domain, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (id, domain) in publishers)
            {
                await copy.WriteRowAsync(default, id, $"Outlet {domain.Split('.')[0][6..]} News", domain, start);
            }
            await copy.CompleteAsync();
        }
        await using (var copy = await connection.BeginBinaryImportAsync("COPY publisher_domains (domain, publisher_id) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (id, domain) in publishers)
            {
                await copy.WriteRowAsync(default, domain, id);
            }
            await copy.CompleteAsync();
        }

        var sample = new List<(string, string)>();
        const int Batch = 5_000;
        for (var from = 0; from < count; from += Batch)
        {
            var rows = Enumerable.Range(from, Math.Min(Batch, count - from)).Select(i => Article(i, pool, random, publishers, start)).ToList();
            if (sample.Count < 5_000)
            {
                sample.AddRange(rows.Take(5_000 - sample.Count).Select(r => (r.Title, r.Text)));
            }
            await CopyAsync(connection, rows);
            Console.Error.Write($"\rseeded {from + rows.Count:N0}/{count:N0} articles");
        }
        Console.Error.WriteLine();
        await using (var command = new NpgsqlCommand("""
            UPDATE articles a SET current_version_id = v.id FROM article_versions v
            WHERE v.article_id = a.id AND a.current_version_id IS NULL
            """, connection) { CommandTimeout = 0 })
        {
            await command.ExecuteNonQueryAsync();
        }
        await SearchIndexing.IndexAllOwedAsync(connection, CancellationToken.None, 2_000);
        await using (var command = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 0 })
        {
            await command.ExecuteNonQueryAsync();
        }
        return sample;
    }

    private sealed record Row(Guid ArticleId, Guid CaptureId, Guid VersionId, Guid PublisherId, string Url, string Title, string Text,
        string? Language, DateTimeOffset PublishedAt, DateTimeOffset CapturedAt);

    private static Row Article(int i, TextPool pool, Random random, List<(Guid Id, string Domain)> publishers, DateTimeOffset start)
    {
        var paragraphs = Enumerable.Range(0, random.Next(6, 26)).Select(_ => pool.Paragraphs[random.Next(pool.Paragraphs.Count)]).ToList();
        var words = pool.Paragraphs[random.Next(pool.Paragraphs.Count)].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var title = string.Join(' ', words.Take(random.Next(5, 13))).TrimEnd(',', '.', ';', ':');
        var text = string.Join('\n', paragraphs);
        var publisher = publishers[random.Next(publishers.Count)];
        var published = start.AddMinutes(random.Next(0, 6 * 365 * 24 * 60));
        return new Row(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), publisher.Id, $"https://{publisher.Domain}/news/{i}",
            title, text, TextPool.GuessLanguage(text), published, published.AddHours(random.Next(1, 48)));
    }

    private static async Task CopyAsync(NpgsqlConnection connection, List<Row> rows)
    {
        await using (var copy = await connection.BeginBinaryImportAsync("COPY articles (id, url, publisher_id, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var r in rows)
            {
                await copy.WriteRowAsync(default, r.ArticleId, r.Url, r.PublisherId, r.CapturedAt);
            }
            await copy.CompleteAsync();
        }
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY captures (id, requested_url, final_url, redirect_chain, response_headers, raw_compressed, raw_length, raw_sha256,
                captured_at, source, stored_at, http_status, content_type) FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var r in rows)
            {
                var raw = Encoding.UTF8.GetBytes(r.Title);
                await copy.StartRowAsync();
                await copy.WriteAsync(r.CaptureId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(r.Url, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Url, NpgsqlDbType.Text);
                await copy.WriteAsync("[]", NpgsqlDbType.Jsonb);
                await copy.WriteAsync("[]", NpgsqlDbType.Jsonb);
                await copy.WriteAsync(raw, NpgsqlDbType.Bytea);
                await copy.WriteAsync((long)raw.Length, NpgsqlDbType.Bigint);
                await copy.WriteAsync(Convert.ToHexStringLower(SHA256.HashData(raw)), NpgsqlDbType.Char);
                await copy.WriteAsync(r.CapturedAt, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync("fetched", NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.CapturedAt, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(200, NpgsqlDbType.Integer);
                await copy.WriteAsync("text/html; charset=utf-8", NpgsqlDbType.Text);
            }
            await copy.CompleteAsync();
        }
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY article_versions (id, article_id, capture_id, captured_at, title, published_at, language, publisher_id, text, html,
                content_hash, evidence, created_at) FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var r in rows)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(r.VersionId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(r.ArticleId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(r.CaptureId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(r.CapturedAt, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(r.Title, NpgsqlDbType.Text);
                await copy.WriteAsync(r.PublishedAt, NpgsqlDbType.TimestampTz);
                if (r.Language is null)
                {
                    await copy.WriteNullAsync();
                }
                else
                {
                    await copy.WriteAsync(r.Language, NpgsqlDbType.Text);
                }
                await copy.WriteAsync(r.PublisherId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(r.Text, NpgsqlDbType.Text);
                await copy.WriteAsync(string.Concat(r.Text.Split('\n').Select(p => $"<p>{System.Net.WebUtility.HtmlEncode(p)}</p>")), NpgsqlDbType.Text);
                await copy.WriteAsync(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(r.Text))), NpgsqlDbType.Char);
                await copy.WriteAsync("{}", NpgsqlDbType.Jsonb);
                await copy.WriteAsync(r.CapturedAt, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
    }
}
