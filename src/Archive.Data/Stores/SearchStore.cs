using System.Data.Common;
using System.Globalization;
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

/// <summary>A page of hits and how many articles match in all: counted, or, when only the newest slice of the archive was
/// read, estimated (<see cref="TotalIsEstimate"/>).</summary>
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
/// relevant recent ones for a broad one. Newest-first paging goes <see cref="PageDepth"/> deep. The newest matches (the
/// window) are found by a bitmap scan of the GIN index, which decides every match without reading its vector, over the
/// newest slice of the rows in scope (<see cref="SearchSlice"/>): only the rows both in the slice and matching are visited.
/// A slice that holds the window holds the newest matches of all, so the answer is the one the whole scope would give; its
/// total is the planner's estimate. A query read over its whole scope is counted exactly. The plan is fixed (<c>SET
/// LOCAL</c>): the planner, not knowing that testing a row means reading its vector out of line, would otherwise walk the
/// time index and test every article it passes.</para>
/// </remarks>
public sealed class SearchStore(Replicas.ArchiveReadDb read)
{
    private readonly ArchiveDbContext db = read.Context;

    public const char MarkStart = '\u0002';
    public const char MarkEnd = '\u0003';
    public const int RankWindow = 200;
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

    /// <summary>A match of the window: what ranking and the page need of it.</summary>
    private readonly record struct Match(Guid ArticleId, Guid VersionId, string Language, DateTimeOffset SortAt);

    public async Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var (codes, readings, rows) = await ReadingsAsync(query, ct);
            if (readings.Count == 0)
            {
                return new SearchResults(0, false, []);
            }
            var (estimate, scope) = await EstimateAsync(query, readings, rows, ct);
            var offset = (query.Page - 1) * query.PageSize;
            var window = query.Order == SearchOrder.Relevance ? RankWindow : offset + query.PageSize;
            var match = string.Join(" | ", readings.Select(r => $"( {PhrasePairs.Rewrite(r)} )"));
            var slice = SearchSlice.First(estimate, scope, window);
            while (true)
            {
                var since = slice is { } newest ? await BoundaryAsync(query, newest, ct) : null;
                var (matches, inSlice) = await WindowAsync(query, match, since, window, ct);
                if (since is null || matches.Count >= window)
                {
                    var total = since is null ? inSlice : Math.Max(inSlice, (long)Rounded(estimate));
                    var hits = matches.Count > offset ? await PageAsync(query, codes, matches, offset, ct) : [];
                    return new SearchResults((int)Math.Min(total, int.MaxValue), since is not null, hits);
                }
                slice = SearchSlice.Next(slice!.Value, inSlice, window, scope);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The time of the <paramref name="rows"/>-th newest article in scope: the newest slice is every article at that
    /// time or later (ties included, so it is always the head of the newest-first order). Null when the scope holds fewer.</summary>
    private async Task<DateTimeOffset?> BoundaryAsync(SearchQuery query, long rows, CancellationToken ct)
    {
        await using var command = Filtered((NpgsqlConnection)db.Database.GetDbConnection(), query,
            "SELECT s.sort_at FROM article_search s WHERE TRUE/*filters*/ ORDER BY s.sort_at DESC OFFSET @skip LIMIT 1");
        command.Parameters.AddWithValue("skip", rows - 1);
        return await command.ExecuteScalarAsync(ct) is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }

    /// <summary>The newest <paramref name="window"/> matches in scope at or after <paramref name="since"/> (the whole scope when
    /// null), and how many match there in all.</summary>
    /// <remarks>The plan is the GIN index's matches ANDed with the slice's rows from the time or outlet index (see
    /// <see cref="WindowPlan"/>).</remarks>
    private async Task<(List<Match> Matches, long Total)> WindowAsync(SearchQuery query, string match, DateTimeOffset? since, int window,
        CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = WindowCommand(connection, query, match, since, window);
        command.Transaction = transaction;
        var matches = new List<Match>();
        long total = 0;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                matches.Add(new Match(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
                total = reader.GetInt64(4);
            }
        }
        await transaction.CommitAsync(ct);
        return (matches, total);
    }

    /// <summary>How the window's statement is planned, set in its transaction.</summary>
    /// <remarks>The plan wanted is the GIN index's matches ANDed with the slice's rows from the time or outlet index, so only
    /// rows in both are visited and no vector is read (a plain word or pair needs no check). Left to itself the planner takes
    /// a slice from the time or outlet index alone and tests each row against the query, reading its vector out of line
    /// (654 vectors for <c>work</c>, in 61% of 100k articles; 4,235 for <c>customize</c> in a year, 2.2 s), or takes every
    /// match's row from the GIN index alone, because it prices that test as if the vector were in the row and a row's visit
    /// at a hundredth of a page. So only bitmap scans are allowed, and a row fetched from the heap is priced as reading a
    /// vector out of line costs, about fifty visits of a matching row (<c>cpu_tuple_cost</c> 50; at 1, the price of a page,
    /// a year's filter still chose the time index alone, the planner taking a range with an unknown bound for 0.5% of the
    /// rows): any plan that fetches more rows than the AND of both indexes then costs more. The slice's time is a
    /// sub-select the planner does not see into. Rows priced that high make parallel workers look cheap, so none are allowed
    /// (launching two cost 80-190 ms at 100k against 7 ms for the scan itself, <c>detailed</c>), nor JIT compilation, which
    /// such costs would start for a statement of a few milliseconds.</remarks>
    private const string WindowPlan = """
        SET LOCAL enable_indexscan = off; SET LOCAL enable_seqscan = off; SET LOCAL cpu_tuple_cost = 50;
        SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off;

        """;

    /// <summary>The window's statement, its plan's settings first, over the whole scope or the slice from
    /// <paramref name="since"/>.</summary>
    internal static NpgsqlCommand WindowCommand(NpgsqlConnection connection, SearchQuery query, string match, DateTimeOffset? since,
        int window)
    {
        var command = Filtered(connection, query, WindowPlan + $"""
            SELECT s.article_id, s.version_id, s.language, s.sort_at, count(*) OVER ()
            FROM article_search s
            WHERE (s.document || s.pairs) @@ @match::tsquery{(since is null ? "" : " AND s.sort_at >= (SELECT @since)")}/*filters*/
            ORDER BY s.sort_at DESC, s.article_id LIMIT @window
            """);
        command.Parameters.AddWithValue("match", match);
        command.Parameters.AddWithValue("window", window);
        if (since is { } at)
        {
            command.Parameters.AddWithValue("since", NpgsqlDbType.TimestampTz, at);
        }
        return command;
    }

    /// <summary>The page's hits out of the window: by relevance the whole window is ranked (each vector read once, for
    /// <c>ts_rank</c>) and the page taken from it; by newest the page is the window's tail and only its own are ranked (for
    /// the score). Titles are headlined here, snippets apart (<see cref="SearchSnippets"/>).</summary>
    private async Task<List<SearchHit>> PageAsync(SearchQuery query, string[] codes, List<Match> window, int offset, CancellationToken ct)
    {
        var relevance = query.Order == SearchOrder.Relevance;
        var ranked = relevance ? window : window.GetRange(offset, window.Count - offset);
        var order = relevance ? "h.rank DESC, h.sort_at DESC, h.article_id" : "h.sort_at DESC, h.article_id";
        await using var command = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
        command.CommandText = Readings + $"""
            , hits AS (
                SELECT w.article_id, w.version_id, w.language, w.sort_at, r.cfg, r.alt, ts_rank(d.document, r.qualified) AS rank
                FROM unnest(@ids, @versions, @languages, @times) AS w(article_id, version_id, language, sort_at)
                JOIN readings r ON r.code = w.language JOIN article_search d ON d.article_id = w.article_id
                ORDER BY {order.Replace("h.", "", StringComparison.Ordinal)} LIMIT @limit OFFSET @offset)
            SELECT h.article_id, h.version_id, a.url, v.title,
                   ts_headline(h.cfg, translate(coalesce(v.title, ''), @marks, ''), h.alt, @title_options),
                   '', p.id, p.name, p.primary_domain, v.published_at, v.captured_at, v.language, h.rank,
                   h.language, coalesce(octet_length(v.text), 0)
            FROM hits h
            JOIN articles a ON a.id = h.article_id
            JOIN article_versions v ON v.id = h.version_id
            LEFT JOIN publishers p ON p.id = a.publisher_id
            ORDER BY {order}
            """;
        command.Parameters.AddWithValue("codes", codes);
        command.Parameters.AddWithValue("text", query.Text);
        command.Parameters.AddWithValue("ids", ranked.Select(m => m.ArticleId).ToArray());
        command.Parameters.AddWithValue("versions", ranked.Select(m => m.VersionId).ToArray());
        command.Parameters.AddWithValue("languages", ranked.Select(m => m.Language).ToArray());
        command.Parameters.AddWithValue("times", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, ranked.Select(m => m.SortAt).ToArray());
        command.Parameters.AddWithValue("limit", query.PageSize);
        command.Parameters.AddWithValue("offset", relevance ? offset : 0);
        command.Parameters.AddWithValue("marks", new string([MarkStart, MarkEnd]));
        command.Parameters.AddWithValue("title_options", TitleHeadline);
        var hits = new List<SearchHit>();
        var headlined = new List<(Guid, Guid, string, long)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                hits.Add(Read(reader));
                headlined.Add((hits[^1].ArticleId, hits[^1].VersionId, reader.GetString(13), reader.GetInt32(14)));
            }
        }
        var snippets = await SearchSnippets.HeadlinesAsync((NpgsqlConnection)db.Database.GetDbConnection(), db.Database.GetConnectionString(),
            query.Text, headlined, Headline, ct);
        return [.. hits.Select((hit, i) => hit with { Snippet = snippets[i] })];
    }

    /// <summary>An estimate as it is given: two significant figures, no more than the planner's statistics know.</summary>
    private static double Rounded(double estimate)
    {
        if (estimate < 100)
        {
            return Math.Round(estimate);
        }
        var unit = Math.Pow(10, Math.Floor(Math.Log10(estimate)) - 1);
        return Math.Round(estimate / unit) * unit;
    }

    /// <summary>The search table's rows as the planner counts them when it estimates a statement: the density the last VACUUM
    /// or ANALYZE saw (<c>reltuples / relpages</c>) times the table's pages now, so the scope grows with the table between
    /// them as the match estimates divided by it do. The stored <c>reltuples</c> alone lags the table by up to the growth that
    /// sets off the next autovacuum (a fifth; a half for ANALYZE), and a word the statistics do not list, estimated at its
    /// share of the table as it is now, then looked broader than <see cref="SearchSlice.UnknownShare"/> of the scope and was
    /// not counted. Before any VACUUM or ANALYZE (no pages known) the stored figure is taken, as before.</summary>
    internal const string RowsNow = """
        SELECT CASE WHEN c.relpages > 0 AND c.reltuples >= 0
                    THEN c.reltuples / c.relpages * (pg_relation_size(c.oid) / current_setting('block_size')::float8)
                    ELSE c.reltuples END::real
        FROM pg_class c WHERE c.oid = 'article_search'::regclass
        """;

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
                   ({RowsNow})
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

    /// <summary>The planner's estimate of how many articles in scope the query matches through the index (its statistics
    /// of <c>document || pairs</c> know each lexeme's and each common pair's frequency), and of how many articles are in scope
    /// (the table's rows, or those the outlet and time filters keep).</summary>
    /// <remarks>Each language's reading is estimated apart and the largest taken. Estimating the readings' OR would add up
    /// the planner's floor for every lexeme its statistics do not list (a rare word's 28 readings, one per language, each
    /// estimated at ~0.5%), making any rare word look broad; an article matches one reading only, and for a broad word
    /// the reading of the archive's main language dominates. The planner takes the filters as independent of the words.</remarks>
    private async Task<(double Matches, double Scope)> EstimateAsync(SearchQuery query, List<string> readings, double rows,
        CancellationToken ct)
    {
        // Literals, not parameters, so the planner sees each tsquery as a constant whatever the plan cache does. They are the
        // database's own output of tsquery, quoted by doubling quotes (standard_conforming_strings is on since PostgreSQL 9.1);
        // the filters are a uuid's and timestamps' invariant forms.
        // No parallel plan: a Parallel Append gives some children's rows per worker and others' in full.
        var filters = FilterLiterals(query);
        List<string> branches = [.. readings.Select(r =>
            $"SELECT 1 FROM article_search s WHERE (s.document || s.pairs) @@ '{PhrasePairs.Rewrite(r).Replace("'", "''", StringComparison.Ordinal)}'::tsquery{filters}")];
        if (filters.Length > 0)
        {
            branches.Add($"SELECT 1 FROM article_search s WHERE TRUE{filters}");
        }
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var explain = new NpgsqlCommand("SET LOCAL max_parallel_workers_per_gather = 0; EXPLAIN (FORMAT JSON) " +
            string.Join(" UNION ALL ", branches), connection, transaction);
        string json;
        await using (var reader = await explain.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            json = reader.GetString(0);
        }
        await transaction.CommitAsync(ct);
        using var plan = System.Text.Json.JsonDocument.Parse(json);
        var top = plan.RootElement[0].GetProperty("Plan");
        List<double> estimates = branches.Count > 1 && top.TryGetProperty("Plans", out var children)
            ? [.. children.EnumerateArray().Select(c => c.GetProperty("Plan Rows").GetDouble())]
            : [top.GetProperty("Plan Rows").GetDouble()];
        var matches = estimates.Take(readings.Count).Max();
        return (matches, filters.Length > 0 && estimates.Count > readings.Count ? Math.Max(estimates[^1], matches) : Math.Max(rows, matches));
    }

    private static string FilterLiterals(SearchQuery query)
    {
        var filters = new StringBuilder();
        if (query.PublisherId is { } publisher)
        {
            filters.Append(CultureInfo.InvariantCulture, $" AND s.publisher_id = '{publisher:D}'::uuid");
        }
        if (query.From is { } from)
        {
            filters.Append(CultureInfo.InvariantCulture, $" AND s.sort_at >= '{from.ToUniversalTime():O}'::timestamptz");
        }
        if (query.To is { } to)
        {
            filters.Append(CultureInfo.InvariantCulture, $" AND s.sort_at < '{to.ToUniversalTime():O}'::timestamptz");
        }
        return filters.ToString();
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

    /// <summary>A command over <c>article_search s</c> with the query's outlet and time filters put where <c>/*filters*/</c> is.</summary>
    private static NpgsqlCommand Filtered(NpgsqlConnection connection, SearchQuery query, string body)
    {
        var command = connection.CreateCommand();
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
        command.CommandText = body.Replace("/*filters*/", filters.ToString(), StringComparison.Ordinal);
        return command;
    }

    private static SearchHit Read(DbDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4), r.GetString(5),
        r.IsDBNull(6) ? null : r.GetGuid(6), r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8),
        r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9), r.GetFieldValue<DateTimeOffset>(10),
        r.IsDBNull(11) ? null : r.GetString(11), r.GetFloat(12));
}
