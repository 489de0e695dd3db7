using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Archive.Data.Stores;

public enum SearchOrder
{
    Relevance,
    Newest,
}

/// <summary>A full-text query over articles' current versions, with its filters and page.</summary>
/// <param name="Language">Only articles in this language (a tag such as <c>en</c> or <c>de-DE</c>), read with its stemmer.</param>
public sealed record SearchQuery(string Text, Guid? PublisherId = null, DateTimeOffset? From = null, DateTimeOffset? To = null,
    string? Language = null, SearchOrder Order = SearchOrder.Relevance, int Page = 1, int PageSize = 20);

/// <summary>One matching article. <see cref="TitleHeadline"/> and <see cref="Snippet"/> are plain text with each matched
/// word between <see cref="SearchStore.MarkStart"/> and <see cref="SearchStore.MarkEnd"/>.</summary>
public sealed record SearchHit(Guid ArticleId, Guid VersionId, string Url, string? Title, string TitleHeadline, string Snippet,
    Guid? PublisherId, string? PublisherName, string? PublisherDomain, DateTimeOffset? PublishedAt, DateTimeOffset CapturedAt,
    string? Language, float Rank);

/// <summary>A page of hits. <see cref="Total"/> is exact up to <see cref="SearchStore.CountLimit"/>; past it the count stops
/// there and <see cref="TotalIsLowerBound"/> is set.</summary>
public sealed record SearchResults(int Total, bool TotalIsLowerBound, IReadOnlyList<SearchHit> Hits);

/// <summary>
/// PostgreSQL full-text search over <c>article_search</c> (one row per article, its current version's tsvector, kept by
/// triggers; see the ArticleSearch migration).
/// </summary>
/// <remarks>
/// Each article is indexed in its own language. A query has no language, so it is read once per text search configuration
/// and each reading is joined with that configuration's marker lexeme (<c>'~english'</c>), which every article's vector
/// carries: an English article matches only the English reading (stemmed, English stop words dropped), a German one only
/// the German reading, and the GIN index decides all of it. <c>websearch_to_tsquery</c> gives the syntax people type:
/// <c>"a phrase"</c>, <c>-excluded</c>, <c>or</c>. Headlines are cut and marked with the article's own reading alone (the
/// marker lexeme is in no text).
/// </remarks>
public sealed class SearchStore(ArchiveDbContext db)
{
    public const char MarkStart = '\u0002';
    public const char MarkEnd = '\u0003';
    public const int CountLimit = 10_000;
    /// <summary>Text past this many characters is not indexed (the ArticleSearch migration caps it alike).</summary>
    public const int IndexedLength = 250_000;

    private const string Query = """
        WITH q AS (
            SELECT (SELECT string_agg('(' || alt::text || ') & ' || quote_literal('~' || cfg::text), ' | ')
                    FROM (SELECT cfg, websearch_to_tsquery(cfg, @text) AS alt FROM unnest(/*configs*/) AS cfg) readings
                    WHERE numnode(alt) > 0)::tsquery AS query)
        """;

    private const string AllConfigs = "(SELECT array_agg(oid::regconfig) FROM pg_ts_config WHERE cfgnamespace = 'pg_catalog'::regnamespace)";
    private const string OneConfig = "ARRAY[archive_search_config(@language)]";

    private static readonly string Headline =
        $"StartSel={MarkStart}, StopSel={MarkEnd}, MaxFragments=2, MaxWords=32, MinWords=12, FragmentDelimiter=\" … \"";

    private static readonly string TitleHeadline = $"StartSel={MarkStart}, StopSel={MarkEnd}, HighlightAll=true";

    public async Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var total = await CountAsync(query, ct);
            if (total == 0)
            {
                return new SearchResults(0, false, []);
            }
            var order = query.Order == SearchOrder.Newest ? "s.sort_at DESC, s.article_id" : "rank DESC, s.sort_at DESC, s.article_id";
            await using var command = Command(query, $"""
                , hits AS (
                    SELECT s.article_id, s.version_id, s.config, ts_rank(s.document, q.query) AS rank, s.sort_at
                    FROM article_search s, q WHERE s.document @@ q.query/*filters*/
                    ORDER BY {order} LIMIT @limit OFFSET @offset)
                SELECT h.article_id, h.version_id, a.url, v.title,
                       ts_headline(h.config, translate(coalesce(v.title, ''), @marks, ''), websearch_to_tsquery(h.config, @text), @title_options),
                       ts_headline(h.config, translate(left(v.text, {IndexedLength}), @marks, ''), websearch_to_tsquery(h.config, @text),
                           @snippet_options),
                       p.id, p.name, p.primary_domain, v.published_at, v.captured_at, v.language, h.rank
                FROM hits h
                JOIN articles a ON a.id = h.article_id
                JOIN article_versions v ON v.id = h.version_id
                LEFT JOIN publishers p ON p.id = a.publisher_id
                ORDER BY {order.Replace("s.", "h.", StringComparison.Ordinal)}
                """);
            command.Parameters.AddWithValue("limit", query.PageSize);
            command.Parameters.AddWithValue("offset", (long)(query.Page - 1) * query.PageSize);
            command.Parameters.AddWithValue("marks", new string([MarkStart, MarkEnd]));
            command.Parameters.AddWithValue("title_options", TitleHeadline);
            command.Parameters.AddWithValue("snippet_options", Headline);
            var hits = new List<SearchHit>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                hits.Add(Read(reader));
            }
            return new SearchResults(total, total >= CountLimit, hits);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The given articles as hits (current version; the snippet is the text's opening words), in the order given;
    /// unknown ids are left out.</summary>
    public async Task<List<SearchHit>> HitsAsync(IReadOnlyList<Guid> articleIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(articleIds);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
            command.CommandText = """
                SELECT a.id, v.id, a.url, v.title, translate(coalesce(v.title, ''), @marks, ''),
                       translate(CASE WHEN length(v.text) <= 400 THEN v.text
                                      ELSE coalesce(substring(left(v.text, 400) from '^(.*\S)\s'), left(v.text, 400)) || ' …' END, @marks, ''),
                       p.id, p.name, p.primary_domain, v.published_at, v.captured_at, v.language, 1::real
                FROM unnest(@ids) WITH ORDINALITY AS wanted(id, ord)
                JOIN articles a ON a.id = wanted.id
                JOIN article_versions v ON v.id = a.current_version_id
                LEFT JOIN publishers p ON p.id = a.publisher_id
                ORDER BY wanted.ord
                """;
            command.Parameters.AddWithValue("ids", articleIds.ToArray());
            command.Parameters.AddWithValue("marks", new string([MarkStart, MarkEnd]));
            var hits = new List<SearchHit>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                hits.Add(Read(reader));
            }
            return hits;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Articles any of whose versions has this content hash (lower-case hex), newest capture first.</summary>
    public Task<List<Guid>> ArticlesWithContentHashAsync(string contentHash, int limit, CancellationToken ct) =>
        db.ArticleVersions.AsNoTracking().Where(v => v.ContentHash == contentHash)
            .GroupBy(v => v.ArticleId).Select(g => new { ArticleId = g.Key, Newest = g.Max(v => v.CapturedAt) })
            .OrderByDescending(g => g.Newest).Take(limit).Select(g => g.ArticleId).ToListAsync(ct);

    /// <summary>The article a normalised URL key leads to (see <c>UrlKey</c>).</summary>
    public Task<Guid?> ArticleWithUrlKeyAsync(string urlKey, CancellationToken ct) =>
        db.ArticleUrls.Where(u => u.UrlKey == urlKey).Select(u => (Guid?)u.ArticleId).SingleOrDefaultAsync(ct);

    private async Task<int> CountAsync(SearchQuery query, CancellationToken ct)
    {
        await using var command = Command(query,
            $" SELECT count(*) FROM (SELECT 1 FROM article_search s, q WHERE s.document @@ q.query/*filters*/ LIMIT {CountLimit}) matches");
        return (int)(long)(await command.ExecuteScalarAsync(ct))!;
    }

    private NpgsqlCommand Command(SearchQuery query, string body)
    {
        var command = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
        command.Parameters.AddWithValue("text", query.Text);
        var filters = new StringBuilder();
        if (query.PublisherId is { } publisher)
        {
            filters.Append(" AND s.publisher_id = @publisher");
            command.Parameters.AddWithValue("publisher", publisher);
        }
        if (query.From is { } from)
        {
            filters.Append(" AND s.sort_at >= @from");
            command.Parameters.AddWithValue("from", NpgsqlDbType.TimestampTz, from.ToUniversalTime());
        }
        if (query.To is { } to)
        {
            filters.Append(" AND s.sort_at < @to");
            command.Parameters.AddWithValue("to", NpgsqlDbType.TimestampTz, to.ToUniversalTime());
        }
        if (query.Language is { } language)
        {
            command.Parameters.AddWithValue("language", language);
        }
        command.CommandText = Query.Replace("/*configs*/", query.Language is null ? AllConfigs : OneConfig, StringComparison.Ordinal)
            + body.Replace("/*filters*/", filters.ToString(), StringComparison.Ordinal);
        return command;
    }

    private static SearchHit Read(DbDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4), r.GetString(5),
        r.IsDBNull(6) ? null : r.GetGuid(6), r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8),
        r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9), r.GetFieldValue<DateTimeOffset>(10),
        r.IsDBNull(11) ? null : r.GetString(11), r.GetFloat(12));
}
