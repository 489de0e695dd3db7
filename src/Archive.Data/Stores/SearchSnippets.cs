using Npgsql;

namespace Archive.Data.Stores;

/// <summary>
/// The snippets of a page of hits: <c>ts_headline</c> over a bounded passage of each article's indexed text, around the first
/// place each word of the query occurs, in the article's own language's reading.
/// </summary>
/// <remarks>
/// <para><c>ts_headline</c> parses and stems every word of the text it is given (6.2 ms of CPU for a 26 KB article; a page of
/// twenty long articles for a rare word was most of that search's time). So it is given a passage instead. For each word of
/// the query, the words of the text that begin like its lexeme in either case (one regular-expression pass) are stemmed one
/// by one, and the first place of those that stem to it is found (a second pass). A window of <see cref="Before"/>
/// characters before and <see cref="After"/> after each such place, overlapping windows merged and cut at whole words, the
/// rest joined by " … ", is the passage. It is headlined only if it matches the query by itself. Where it does not (a
/// phrase whose words first occur apart, a word whose stem is no prefix of it such as German <c>bruck</c> for
/// <c>Brücke</c>, a match in the title only), the places are estimated from the positions the article's search row keeps
/// (<see cref="Estimated"/>) and a wider window of <see cref="Reach"/> characters either side of each is tried the same way;
/// where that does not match either, the text's first <see cref="Opening"/> characters are headlined (for a match in the
/// title only, the text's opening words, as ts_headline shows for a text without a match). No snippet headlines a whole long
/// text: until search18 the last resort was the whole text, and a page of twenty 27 KB articles whose word was written
/// <c>nSelect</c> spent 155 ms of CPU on snippets. A snippet is the best fragment near the first match rather than
/// ts_headline's choice over the whole text; a text of up to <see cref="WholeBytes"/> is cheaper headlined whole, and is.</para>
/// <para>A page with much text is split into groups of about equal length, each made on its own connection at the same time,
/// one a processor: the two passes are still linear in the text.</para>
/// </remarks>
internal static class SearchSnippets
{
    /// <summary>Text a group is worth its own connection for.</summary>
    private const long BytesPerGroup = 64 * 1024;
    private const int MaxGroups = 4;
    /// <summary>Texts up to this long are headlined whole, as before: a passage costs about a millisecond, the whole text
    /// about 0.24 ms a kilobyte.</summary>
    internal const int WholeBytes = 4 * 1024;
    /// <summary>Characters of context kept before a word's first place: more than a fragment's 32 words reach back.</summary>
    internal const int Before = 240;
    /// <summary>Characters kept after it: room for a fragment and a nearby second match.</summary>
    internal const int After = 720;

    /// <summary>Characters kept either side of a place estimated from the search row's positions (see <see cref="Estimated"/>):
    /// the estimate drifts with how long the words before it are.</summary>
    internal const int Reach = 1_500;
    /// <summary>Characters of the text's opening headlined when no passage matches: a match in the title only, or one neither
    /// shortcut finds. ts_headline shows a text's opening words when nothing in it matches.</summary>
    internal const int Opening = 4 * 1024;
    /// <summary>The last word position a tsvector keeps: every later word is stored at this one.</summary>
    private const int LastPosition = 16_383;

    /// <summary>A regular expression for the words that may stem to a lexeme (<c>px</c>: the lexeme less its last letter, as
    /// stemmers change endings, <c>happi</c> for <c>happy</c>): from a word's start, the rest, any word characters; matched in
    /// either case (<c>nSelect</c>, <c>PELICAN</c>). Every character that is not a letter or digit is escaped.</summary>
    private const string Candidates = """'\m(' || regexp_replace(x.px, '([^[:alnum:]])', '\\\1', 'g') || '\w*)'""";

    /// <summary>Where each word of the query first occurs, found in the text (start offsets, one a word): the words of the text
    /// that begin like its lexeme are stemmed one by one, and the first place of those that stem to it is found.</summary>
    private static readonly string Found = $"""
        SELECT regexp_instr(v.text, '\m(' || string_agg(cw.word, '|') || ')\M', 1, 1, 0, 'i') AS o
        FROM (SELECT DISTINCT replace(m[1], '''''', '''') AS lexeme
              FROM regexp_matches(l.q::text, '''((?:[^'']|'''')+)''', 'g') AS m
              WHERE octet_length(v.text) > {WholeBytes}) AS lx
        CROSS JOIN LATERAL (SELECT CASE WHEN length(lx.lexeme) > 3 THEN left(lx.lexeme, -1) ELSE lx.lexeme END AS px) AS x
        CROSS JOIN LATERAL (SELECT DISTINCT m[1] AS word FROM regexp_matches(v.text, {Candidates}, 'gi') AS m) AS cw
        WHERE tsvector_to_array(to_tsvector(l.cfg, lower(cw.word))) @> ARRAY[lx.lexeme]
        GROUP BY lx.lexeme
        """;

    /// <summary>Where each word of the query first occurs in the text, estimated from the article's search row: the first
    /// position of its lexeme in the text (weight B; the title's words come first), taken as the same share of the text's
    /// characters as of its positions. None where the row is not the version's, or the text runs past the last position.</summary>
    private static readonly string Estimated = $"""
        SELECT round((f.p - e.title - 1) * least(length(v.text), {SearchStore.IndexedLength})::float8 / (e.last - e.title))::int AS o
        FROM (SELECT t.title, max(u.positions[cardinality(u.positions)]) AS last,
                     array_agg((SELECT min(x.p) FROM unnest(u.positions, u.weights) AS x(p, wt) WHERE x.wt = 'B'))
                         FILTER (WHERE u.lexeme = ANY (ARRAY(SELECT w.code || ':' || replace(m[1], '''''', '''')
                                                             FROM regexp_matches(l.q::text, '''((?:[^'']|'''')+)''', 'g') AS m))) AS firsts
              FROM article_search d
              CROSS JOIN LATERAL (SELECT coalesce(max(tp.p), 0) AS title
                                  FROM unnest(to_tsvector(l.cfg, coalesce(v.title, ''))) AS tu, unnest(tu.positions) AS tp(p)) AS t
              CROSS JOIN LATERAL unnest(d.document) AS u
              WHERE d.article_id = w.article AND d.version_id = v.id
              GROUP BY t.title) AS e
        CROSS JOIN LATERAL unnest(e.firsts) AS f(p)
        WHERE e.last < {LastPosition} AND e.last > e.title AND f.p IS NOT NULL
        """;

    /// <summary>What a window's edges lose to be cut at whole words: the part word there, if it is no longer than 40
    /// characters (see <see cref="Passage"/>).</summary>
    private const string HeadCut = """'^\S{0,40}\s+'""";
    private const string TailCut = """'\s+\S{0,40}$'""";

    /// <summary>The passage around the start offsets <c>o</c> that <paramref name="offsets"/> selects: a window of
    /// <paramref name="before"/> characters before and <paramref name="after"/> after each, overlapping windows merged and
    /// cut at whole words, the rest joined by " … ", the marks taken out. Null when there is no offset. A cut goes to the next
    /// space only within 40 characters: text without spaces (a script's data) would otherwise lose the match itself.</summary>
    private static string Passage(string offsets, int before, int after) => $"""
        SELECT translate(string_agg(t.piece, ' … ' ORDER BY r.s), @marks, '') AS passage
        FROM (SELECT min(s) AS s, max(e) AS e FROM (
                  SELECT s, e, count(*) FILTER (WHERE fresh) OVER (ORDER BY s) AS island FROM (
                      SELECT s, e, s > coalesce(max(e) OVER (ORDER BY s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS fresh
                      FROM (SELECT greatest(1, f.o - {before}) AS s, least(f.o + {after}, {SearchStore.IndexedLength + 1}) AS e
                            FROM ({offsets}) AS f
                            WHERE f.o BETWEEN 1 AND {SearchStore.IndexedLength}) AS windows) AS marked) AS numbered
              GROUP BY island) AS r
        CROSS JOIN LATERAL (SELECT substr(v.text, r.s, r.e - r.s) AS raw OFFSET 0) AS c
        CROSS JOIN LATERAL (SELECT CASE WHEN r.s = 1 THEN c.raw ELSE regexp_replace(c.raw, {HeadCut}, '') END AS head) AS h
        CROSS JOIN LATERAL (SELECT CASE WHEN length(c.raw) < r.e - r.s THEN h.head ELSE regexp_replace(h.head, {TailCut}, '') END
                            AS piece) AS t
        """;

    /// <summary>The snippet: the whole of a short text; else the passage around the words' first places found in the text,
    /// if it matches by itself; else the passage around the places estimated from the search row, if it does; else the
    /// text's opening. A later choice is made only when the earlier ones fail (a sub-select in a CASE branch).</summary>
    private static readonly string Sql = $"""
        SELECT w.ord,
               CASE WHEN octet_length(v.text) <= {WholeBytes} THEN ts_headline(l.cfg, translate(v.text, @marks, ''), l.q, @options)
                    WHEN p.passage IS NOT NULL AND to_tsvector(l.cfg, p.passage) @@ l.q THEN ts_headline(l.cfg, p.passage, l.q, @options)
                    ELSE ts_headline(l.cfg, (
                        SELECT CASE WHEN e.passage IS NOT NULL AND to_tsvector(l.cfg, e.passage) @@ l.q THEN e.passage
                                    ELSE translate(regexp_replace(left(v.text, {Opening}), '\s+\S*$', ''), @marks, '') END
                        FROM ({Passage(Estimated, Reach, Reach)}) AS e), l.q, @options) END
        FROM unnest(@articles, @versions, @codes) WITH ORDINALITY AS w(article, id, code, ord)
        CROSS JOIN LATERAL (SELECT c.cfg, websearch_to_tsquery(c.cfg, @text) AS q
                            FROM (SELECT archive_search_config(w.code) AS cfg) AS c OFFSET 0) AS l
        JOIN article_versions v ON v.id = w.id
        CROSS JOIN LATERAL ({Passage(Found, Before, After)}) AS p
        """;

    /// <summary>The snippet of each hit, in the order given.</summary>
    /// <param name="open">The open connection of the search; <paramref name="connectionString"/> opens the others (none: all on it).</param>
    public static async Task<string[]> HeadlinesAsync(NpgsqlConnection open, string? connectionString, string text,
        IReadOnlyList<(Guid ArticleId, Guid VersionId, string Code, long Bytes)> hits, string options, CancellationToken ct)
    {
        var snippets = new string[hits.Count];
        var groups = Groups(hits, connectionString is null ? 1 : Math.Min(Environment.ProcessorCount, MaxGroups));
        await Task.WhenAll(groups.Select((members, i) => HeadlineGroupAsync(i == 0 ? open : null, connectionString, text, hits, members,
            options, snippets, ct)));
        return [.. snippets.Select(s => s ?? "")];
    }

    /// <summary>The hits split into groups of about equal text, the longest placed first, each into the lightest group.</summary>
    internal static List<List<int>> Groups(IReadOnlyList<(Guid ArticleId, Guid VersionId, string Code, long Bytes)> hits, int most)
    {
        var count = (int)Math.Clamp(hits.Sum(h => h.Bytes) / BytesPerGroup, 1, Math.Max(1, Math.Min(most, hits.Count)));
        var groups = Enumerable.Range(0, count).Select(_ => (Bytes: 0L, Members: new List<int>())).ToArray();
        foreach (var i in Enumerable.Range(0, hits.Count).OrderByDescending(i => hits[i].Bytes))
        {
            var lightest = Array.FindIndex(groups, g => g.Bytes == groups.Min(x => x.Bytes));
            groups[lightest].Members.Add(i);
            groups[lightest].Bytes += hits[i].Bytes;
        }
        return [.. groups.Select(g => g.Members).Where(m => m.Count > 0)];
    }

    private static async Task HeadlineGroupAsync(NpgsqlConnection? open, string? connectionString, string text,
        IReadOnlyList<(Guid ArticleId, Guid VersionId, string Code, long Bytes)> hits, List<int> members, string options, string[] snippets,
        CancellationToken ct)
    {
        NpgsqlConnection? own = null;
        try
        {
            var connection = open ?? (own = new NpgsqlConnection(connectionString));
            if (own is not null)
            {
                await own.OpenAsync(ct);
            }
            await using var command = new NpgsqlCommand(Sql, connection);
            command.Parameters.AddWithValue("articles", members.Select(i => hits[i].ArticleId).ToArray());
            command.Parameters.AddWithValue("versions", members.Select(i => hits[i].VersionId).ToArray());
            command.Parameters.AddWithValue("codes", members.Select(i => hits[i].Code).ToArray());
            command.Parameters.AddWithValue("text", text);
            command.Parameters.AddWithValue("marks", new string([SearchStore.MarkStart, SearchStore.MarkEnd]));
            command.Parameters.AddWithValue("options", options);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                snippets[members[(int)reader.GetInt64(0) - 1]] = reader.GetString(1);
            }
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }
}
