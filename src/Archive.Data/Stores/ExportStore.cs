using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Archive.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Archive.Data.Stores;

/// <summary>Which captures an export holds: an article (or one version of it), a publisher, a period — or a mix.</summary>
public sealed record ExportSelection(Guid? ArticleId = null, Guid? VersionId = null, Guid? PublisherId = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>Everything an export writes about one capture: the capture as received, the version derived from it, its
/// publisher, its article's lineage link and the index of its transparency-log entry (null while still owed).</summary>
public sealed record ExportedCapture(
    Guid CaptureId, string RequestedUrl, string FinalUrl, string RedirectChain, int? HttpStatus, string ResponseHeaders,
    string? RequestHeaders, string? ContentType, byte[] RawCompressed, string RawSha256, DateTimeOffset CapturedAt, CaptureSource Source,
    string? SubmittedBy, Guid? JobId,
    Guid VersionId, Guid ArticleId, string ArticleUrl, string? Title, string Text, string ContentHash, string? Language,
    DateTimeOffset? PublishedAt, string? CanonicalUrl,
    Guid? PublisherId, string? PublisherName, string? PublisherDomain,
    Guid? DerivedFromId, string? DerivedFromUrl, Guid? OriginId, string? LineageKind, long? LogIndex);

public sealed record ExportSummary(int Captures, DateTimeOffset? Newest);

/// <summary>
/// The reads behind WARC, WACZ and CDXJ exports. Captures stream from one query in capture order, row by row, so an
/// export of any size holds one capture in memory at a time.
/// </summary>
public sealed class ExportStore(ArchiveDbContext db)
{
    private const string Columns = """
        c.id, c.requested_url, c.final_url, c.redirect_chain::text, c.http_status, c.response_headers::text, c.request_headers::text,
        c.content_type, c.raw_compressed, c.raw_sha256, c.captured_at, c.source, c.submitted_by, c.job_id,
        v.id, v.article_id, a.url, v.title, v.text, v.content_hash, v.language, v.published_at, v.canonical_url,
        p.id, p.name, p.primary_domain,
        l.derived_from_id, df.url, l.origin_id, l.kind, le.idx
        """;

    private const string From = """
        FROM captures c
        JOIN article_versions v ON v.capture_id = c.id
        JOIN articles a ON a.id = v.article_id
        LEFT JOIN publishers p ON p.id = a.publisher_id
        LEFT JOIN lineage_links l ON l.republication_id = a.id
        LEFT JOIN articles df ON df.id = l.derived_from_id
        LEFT JOIN log_entries le ON le.capture_id = c.id
        """;

    public async Task<ExportSummary> SummariseAsync(ExportSelection selection, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = Command($"SELECT count(*), max(c.captured_at) {From}", selection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new ExportSummary((int)reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async IAsyncEnumerable<ExportedCapture> StreamAsync(ExportSelection selection, [EnumeratorCancellation] CancellationToken ct)
    {
        // Opened and closed through EF, so the pooled context gives its connection back however the export ends.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = Command($"SELECT {Columns} {From}", selection, " ORDER BY c.captured_at, c.id");
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
            while (await reader.ReadAsync(ct))
            {
                yield return await ReadAsync(reader, ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public Task<bool> ArticleExistsAsync(Guid id, CancellationToken ct) => db.Articles.AnyAsync(a => a.Id == id, ct);

    public Task<bool> VersionExistsAsync(Guid articleId, Guid versionId, CancellationToken ct) =>
        db.ArticleVersions.AnyAsync(v => v.Id == versionId && v.ArticleId == articleId, ct);

    public Task<bool> PublisherExistsAsync(Guid id, CancellationToken ct) => db.Publishers.AnyAsync(p => p.Id == id, ct);

    private NpgsqlCommand Command(string select, ExportSelection selection, string tail = "")
    {
        var command = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
        var where = new StringBuilder(" WHERE true");
        void Filter(string condition, string name, object? value)
        {
            if (value is not null)
            {
                where.Append(" AND ").Append(condition);
                command.Parameters.AddWithValue(name, value);
            }
        }
        Filter("v.article_id = @article", "article", selection.ArticleId);
        Filter("v.id = @version", "version", selection.VersionId);
        Filter("a.publisher_id = @publisher", "publisher", selection.PublisherId);
        Filter("c.captured_at >= @from", "from", selection.From?.ToUniversalTime());
        Filter("c.captured_at < @to", "to", selection.To?.ToUniversalTime());
        command.CommandText = select + where + tail;
        return command;
    }

    private static async Task<ExportedCapture> ReadAsync(DbDataReader r, CancellationToken ct)
    {
        // SequentialAccess: columns are read once, in order.
        var i = 0;
        async Task<T?> Get<T>()
        {
            var index = i++;
            return await r.IsDBNullAsync(index, ct) ? default : await r.GetFieldValueAsync<T>(index, ct);
        }
        return new ExportedCapture(
            (await Get<Guid>())!, (await Get<string>())!, (await Get<string>())!, (await Get<string>())!, await Get<int?>(),
            (await Get<string>())!, await Get<string>(), await Get<string>(), (await Get<byte[]>())!, (await Get<string>())!,
            await Get<DateTimeOffset>(), Enum.Parse<CaptureSource>((await Get<string>())!, ignoreCase: true), await Get<string>(),
            await Get<Guid?>(),
            await Get<Guid>(), await Get<Guid>(), (await Get<string>())!, await Get<string>(), (await Get<string>())!, (await Get<string>())!,
            await Get<string>(), await Get<DateTimeOffset?>(), await Get<string>(),
            await Get<Guid?>(), await Get<string>(), await Get<string>(),
            await Get<Guid?>(), await Get<string>(), await Get<Guid?>(), await Get<string>(), await Get<long?>());
    }
}

public sealed record MementoRef(Guid VersionId, Guid ArticleId, string ArticleUrl, DateTimeOffset CapturedAt);

public sealed record MementoPage(Guid VersionId, Guid ArticleId, Guid CaptureId, string ArticleUrl, string FinalUrl, DateTimeOffset CapturedAt,
    string? Title, string? Byline, DateTimeOffset? PublishedAt, string? PublisherName, string Text, string ContentHash, string? Language);

/// <summary>The reads behind Memento: an article's captures in time order, found by a URL key, and one of them in full.</summary>
public sealed class MementoStore(ArchiveDbContext db)
{
    public async Task<List<MementoRef>> ForUrlKeyAsync(string urlKey, CancellationToken ct)
    {
        var articleId = await db.ArticleUrls.Where(u => u.UrlKey == urlKey).Select(u => (Guid?)u.ArticleId).SingleOrDefaultAsync(ct);
        if (articleId is null)
        {
            return [];
        }
        return await db.ArticleVersions.AsNoTracking().Where(v => v.ArticleId == articleId)
            .OrderBy(v => v.CapturedAt).ThenBy(v => v.Id)
            .Select(v => new MementoRef(v.Id, v.ArticleId, db.Articles.Where(a => a.Id == v.ArticleId).Select(a => a.Url).Single(), v.CapturedAt))
            .ToListAsync(ct);
    }

    public Task<MementoPage?> PageAsync(Guid versionId, CancellationToken ct) =>
        db.ArticleVersions.AsNoTracking().Where(v => v.Id == versionId)
            .Select(v => new MementoPage(v.Id, v.ArticleId, v.CaptureId, db.Articles.Where(a => a.Id == v.ArticleId).Select(a => a.Url).Single(),
                v.Capture!.FinalUrl, v.CapturedAt, v.Title, v.Byline, v.PublishedAt, v.PublisherName, v.Text, v.ContentHash, v.Language))
            .SingleOrDefaultAsync(ct);
}
