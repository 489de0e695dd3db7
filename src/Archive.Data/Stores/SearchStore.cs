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

/// <summary>A page of hits and how many articles match in all: counted, or for a broad query the planner's estimate
/// (<see cref="TotalIsEstimate"/>).</summary>
public sealed record SearchResults(int Total, bool TotalIsEstimate, IReadOnlyList<SearchHit> Hits);

/// <summary>
/// PostgreSQL full-text search over <c>article_search</c> (one row per article, its current version's tsvector, kept by
/// triggers; see the ArticleSearch migration).
/// </summary>
/// <remarks>
/// <para>Each article is indexed in its own language, every lexeme prefixed with the language's code (<c>'en:said'</c>). A
/// query has no language, so it is read once per language (<c>websearch_to_tsquery</c>: <c>"a phrase"</c>, <c>-excluded</c>,
/// <c>or</c>) and the readings, prefixed alike, are joined with OR: an English article matches only the English reading
/// (stemmed, English stop words dropped), a German one only the German reading, and the GIN index alone decides it. Ranks
/// and headlines use each article's own reading. Only the languages the archive holds articles in are read (a reading that
/// cannot match is still a term the index checks for every matching row).</para>
/// <para>The work per query is bounded. Ranking (<c>ts_rank</c>) reads each ranked article's vector out of line, so
/// relevance orders the newest <see cref="RankWindow"/> matches: all of them for a query that names a story, the most
/// relevant recent ones for a broad one. Newest-first paging goes <see cref="PageDepth"/> deep. The newest matches are found
/// one of two ways, chosen from the planner's estimate of the match count (its statistics know each lexeme's frequency),
/// whichever reads less: the bitmap scan of the GIN index decides every match without reading its vector, so it costs about
/// a row's visit per match, counts them exactly and keeps the newest; the walk down the time index reads the vector of
/// every article it passes, about window × articles / matches of them, and reports the estimated count. A vector read
/// costs about <see cref="VectorReadCost"/> row visits (measured at 100k articles: ~100 µs against ~0.8 µs), so the walk
/// is taken when matches² &gt; window × articles × that (<see cref="IsBroad"/>): at 100k articles, over ~32,000 matches for
/// a ranked query, ~10,000 for the first page by newest. The plan is fixed for each way (<c>SET LOCAL</c>), because the planner, not knowing that testing a row means
/// reading its vector out of line, would otherwise walk the time index for queries that match a few articles, or the
/// whole table to count a common word.</para>
/// </remarks>
public sealed class SearchStore(Replicas.ArchiveReadDb read)
{
    private readonly ArchiveDbContext db = read.Context;

    public const char MarkStart = '\u0002';
    public const char MarkEnd = '\u0003';
    public const int RankWindow = 200;
    /// <summary>What reading one article's vector out of line costs, in visits of a matching row through the bitmap (set
    /// low of the ~120 measured, so the walk is kept for the broadest words).</summary>
    public const double VectorReadCost = 50;
    public const int PageDepth = 1_000;
    /// <summary>Text past this many characters is not indexed (the ArticleSearch migration caps it alike).</summary>
    public const int IndexedLength = 250_000;

    private const string Readings = """
        WITH readings AS MATERIALIZED (
            SELECT code, cfg, alt, archive_search_qualify(alt, code) AS qualified
            FROM unnest(@codes::text[]) AS code,
                 LATERAL (SELECT archive_search_config(code) AS cfg) AS c,
                 LATERAL (SELECT websearch_to_tsquery(cfg, @text) AS alt) AS a)
        """;

    /// <summary>The query's readings joined: <c>exact</c> as read, checked against each vector's positions (the walk down the
    /// time index tests rows with it), and <c>match</c> with its phrases rewritten for the pair index (<see cref="PhrasePairs"/>),
    /// which the GIN index over <c>document || pairs</c> decides.</summary>
    private const string Joined = ", q AS (SELECT @exact::tsquery AS exact, @match::tsquery AS match)";

    /// <summary>The articles the index says match, with the filters tested on them afterwards. <c>OFFSET 0</c> keeps the
    /// filters out of the scan: given an outlet or a year, the planner would otherwise find that outlet's or that year's
    /// articles through their btree and test each against the text, reading its vector out of line (17,000 vectors, 5 s, for
    /// a common word in one year at 100k articles), because it prices that test as if the vector were in the row.</summary>
    private const string Indexed = "(SELECT s.* FROM article_search s, q WHERE (s.document || s.pairs) @@ q.match OFFSET 0) AS s WHERE TRUE";

    private const string AllLanguages = "archive_search_languages()";
    private const string OneLanguage = "ARRAY[archive_search_language(@language)]";

    /// <summary>The languages the archive holds articles in, by a loose scan of the language index (one probe a language).</summary>
    private const string Present = """
        WITH RECURSIVE present AS (
            (SELECT language FROM article_search ORDER BY language LIMIT 1)
            UNION ALL
            SELECT (SELECT s.language FROM article_search s WHERE s.language > p.language ORDER BY s.language LIMIT 1)
            FROM present p WHERE p.language IS NOT NULL)
        """;

    private static readonly string Headline =
        $"StartSel={MarkStart}, StopSel={MarkEnd}, MaxFragments=2, MaxWords=32, MinWords=12, FragmentDelimiter=\" … \"";

    private static readonly string TitleHeadline = $"StartSel={MarkStart}, StopSel={MarkEnd}, HighlightAll=true";

    public async Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var relevance = query.Order == SearchOrder.Relevance;
        var order = relevance ? "rank DESC, sort_at DESC, article_id" : "sort_at DESC, article_id";
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var (codes, readings, rows) = await ReadingsAsync(query, ct);
            if (readings.Count == 0)
            {
                return new SearchResults(0, false, []);
            }
            var estimate = await EstimateAsync(query, readings, ct);
            var offset = (query.Page - 1) * query.PageSize;
            var window = relevance ? RankWindow : offset + query.PageSize;
            var broad = IsBroad(estimate, rows, window);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using var command = Command(query, $"""
                {Joined}, matches AS (
                    SELECT s.article_id, s.version_id, s.language, s.sort_at,
                           {(broad ? "NULL::bigint" : "count(*) OVER ()")} AS total
                    FROM {(broad ? "article_search s, q WHERE s.document @@ q.exact" : Indexed)}/*filters*/
                    ORDER BY s.sort_at DESC, s.article_id LIMIT @window),
                hits AS (
                    SELECT m.article_id, m.version_id, m.language, m.sort_at, m.total, r.cfg, r.alt, ts_rank(d.document, r.qualified) AS rank
                    FROM matches m JOIN readings r ON r.code = m.language JOIN article_search d ON d.article_id = m.article_id
                    ORDER BY {order} LIMIT @limit OFFSET @offset)
                SELECT h.article_id, h.version_id, a.url, v.title,
                       ts_headline(h.cfg, translate(coalesce(v.title, ''), @marks, ''), h.alt, @title_options),
                       '', p.id, p.name, p.primary_domain, v.published_at, v.captured_at, v.language, h.rank, h.total,
                       h.language, coalesce(octet_length(v.text), 0)
                FROM hits h
                JOIN articles a ON a.id = h.article_id
                JOIN article_versions v ON v.id = h.version_id
                LEFT JOIN publishers p ON p.id = a.publisher_id
                ORDER BY {order.Replace("rank", "h.rank", StringComparison.Ordinal).Replace("sort_at", "h.sort_at", StringComparison.Ordinal)
                    .Replace(" article_id", " h.article_id", StringComparison.Ordinal)}
                """);
            command.Transaction = transaction;
            command.CommandText = (broad ? "SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off; "
                : "SET LOCAL enable_indexscan = off; SET LOCAL enable_seqscan = off; ") + command.CommandText;
            AddJoined(command, codes, readings);
            command.Parameters.AddWithValue("window", window);
            command.Parameters.AddWithValue("limit", query.PageSize);
            command.Parameters.AddWithValue("offset", offset);
            command.Parameters.AddWithValue("marks", new string([MarkStart, MarkEnd]));
            command.Parameters.AddWithValue("title_options", TitleHeadline);
            var hits = new List<SearchHit>();
            var headlined = new List<(Guid, string, long)>();
            long total = broad ? (long)estimate : 0;
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    hits.Add(Read(reader));
                    total = reader.IsDBNull(13) ? total : reader.GetInt64(13);
                    headlined.Add((hits[^1].VersionId, reader.GetString(14), reader.GetInt32(15)));
                }
            }
            await transaction.CommitAsync(ct);
            var snippets = await SearchSnippets.HeadlinesAsync(connection, db.Database.GetConnectionString(), query.Text, headlined,
                Headline, ct);
            hits = [.. hits.Select((hit, i) => hit with { Snippet = snippets[i] })];
            // A page past the last match says nothing of the total: count apart (only then).
            if (!broad && hits.Count == 0 && query.Page > 1)
            {
                total = await CountAsync(query, codes, readings, ct);
            }
            return new SearchResults((int)Math.Min(total, int.MaxValue), broad, hits);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Whether walking the time index to the window's newest matches reads less than the bitmap scan of every match:
    /// the walk passes about window × rows / matches articles and reads each one's vector, the bitmap visits each match's row.</summary>
    public static bool IsBroad(double matches, double rows, int window) => matches * matches > window * Math.Max(rows, matches) * VectorReadCost;

    /// <summary>The query's readings, one a language the archive holds articles in (their codes beside them), each qualified
    /// with its language's code (see the ArticleSearch migration); none when the query has no word to look for (only stop
    /// words or punctuation) or no article is in the languages asked for. And the table's rows as the planner knows them.</summary>
    /// <remarks>A reading in a language no article is in matches nothing, but each one is a term of the index scan, checked for
    /// every matching row (29 readings for one language's articles made the scan of a common word several times slower).</remarks>
    private async Task<(string[] Codes, List<string> Readings, double Rows)> ReadingsAsync(SearchQuery query, CancellationToken ct)
    {
        await using var command = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
        command.CommandText = Present + $"""
            , readings AS (
                SELECT code, websearch_to_tsquery(archive_search_config(code), @text) AS alt
                FROM unnest({(query.Language is null ? AllLanguages : OneLanguage)}) AS code
                WHERE code IN (SELECT language FROM present))
            SELECT (SELECT array_agg(code) FROM readings WHERE numnode(alt) > 0),
                   (SELECT array_agg(archive_search_qualify(alt, code)::text) FROM readings WHERE numnode(alt) > 0),
                   (SELECT reltuples FROM pg_class WHERE oid = 'article_search'::regclass)
            """;
        command.Parameters.AddWithValue("text", query.Text);
        if (query.Language is { } language)
        {
            command.Parameters.AddWithValue("language", language);
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return reader.IsDBNull(0) ? ([], [], reader.GetFloat(2))
            : (reader.GetFieldValue<string[]>(0), [.. reader.GetFieldValue<string[]>(1)], reader.GetFloat(2));
    }

    /// <summary>The planner's estimate of how many articles the query matches through the index (its statistics of
    /// <c>document || pairs</c> know each lexeme's and each common pair's frequency). Filtered queries are not estimated
    /// (they take the bitmap way).</summary>
    /// <remarks>Each language's reading is estimated apart and the largest taken. Estimating the readings' OR would add up
    /// the planner's floor for every lexeme its statistics do not list (a rare word's 28 readings, one per language, each
    /// estimated at ~0.5%), making any rare word look broad; an article matches one reading only, and for a broad word
    /// the reading of the archive's main language dominates.</remarks>
    private async Task<double> EstimateAsync(SearchQuery query, List<string> readings, CancellationToken ct)
    {
        if (query.PublisherId is not null || query.From is not null || query.To is not null)
        {
            return 0;
        }
        // Literals, not parameters, so the planner sees each tsquery as a constant whatever the plan cache does. They are the
        // database's own output of tsquery, quoted by doubling quotes (standard_conforming_strings is on since PostgreSQL 9.1).
        // No parallel plan: a Parallel Append gives some children's rows per worker and others' in full.
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var explain = new NpgsqlCommand("SET LOCAL max_parallel_workers_per_gather = 0; EXPLAIN (FORMAT JSON) " + string.Join(" UNION ALL ",
            readings.Select(r => $"SELECT 1 FROM article_search s WHERE (s.document || s.pairs) @@ '{PhrasePairs.Rewrite(r).Replace("'", "''", StringComparison.Ordinal)}'::tsquery")),
            connection, transaction);
        string json;
        await using (var reader = await explain.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            json = reader.GetString(0);
        }
        await transaction.CommitAsync(ct);
        using var plan = System.Text.Json.JsonDocument.Parse(json);
        var top = plan.RootElement[0].GetProperty("Plan");
        return readings.Count > 1 && top.TryGetProperty("Plans", out var children)
            ? children.EnumerateArray().Max(c => c.GetProperty("Plan Rows").GetDouble())
            : top.GetProperty("Plan Rows").GetDouble();
    }

    private static void AddJoined(NpgsqlCommand command, string[] codes, List<string> readings)
    {
        command.Parameters.AddWithValue("codes", codes);
        command.Parameters.AddWithValue("exact", string.Join(" | ", readings.Select(r => $"( {r} )")));
        command.Parameters.AddWithValue("match", string.Join(" | ", readings.Select(r => $"( {PhrasePairs.Rewrite(r)} )")));
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

    private async Task<long> CountAsync(SearchQuery query, string[] codes, List<string> readings, CancellationToken ct)
    {
        await using var command = Command(query, $"{Joined} SELECT count(*) FROM {Indexed}/*filters*/");
        AddJoined(command, codes, readings);
        return (long)(await command.ExecuteScalarAsync(ct))!;
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
        command.CommandText = Readings + body.Replace("/*filters*/", filters.ToString(), StringComparison.Ordinal);
        return command;
    }

    private static SearchHit Read(DbDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4), r.GetString(5),
        r.IsDBNull(6) ? null : r.GetGuid(6), r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8),
        r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9), r.GetFieldValue<DateTimeOffset>(10),
        r.IsDBNull(11) ? null : r.GetString(11), r.GetFloat(12));
}
