using Npgsql;

namespace Archive.Data.Stores;

/// <summary>
/// The snippets of a page of hits: <c>ts_headline</c> over a bounded passage of each article's indexed text, around the first
/// place each word of the query occurs, in the article's own language's reading.
/// </summary>
/// <remarks>
/// <para><c>ts_headline</c> parses and stems every word of the text it is given (6.2 ms of CPU for a 26 KB article; a page of
/// twenty long articles for a rare word was most of that search's time). So it is given a passage instead. For each word of
/// the query, the words of the text that begin like its lexeme (one regular-expression pass, first letter in either case)
/// are stemmed one by one, and the first place of those that stem to it is found (a second pass). A window of
/// <see cref="Before"/> characters before and <see cref="After"/> after each such place, overlapping windows merged and cut at
/// whole words, the rest joined by " … ", is the passage. It is headlined only if it matches the query by itself; where it
/// does not (a phrase whose words first occur apart, a word whose stem is no prefix of it such as German <c>bruck</c> for
/// <c>Brücke</c>, a word written in capitals, a match in the title only), the whole text is headlined as before, so no
/// snippet loses its highlight to the shortcut. A snippet is therefore the best fragment near the first match rather than
/// ts_headline's choice over the whole text, and it costs about a millisecond whatever the article's length; a text of up
/// to <see cref="WholeBytes"/> is cheaper headlined whole, and is.</para>
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

    /// <summary>A regular expression for the words that may stem to a lexeme (<c>px</c>: the lexeme less its last letter, as
    /// stemmers change endings, <c>happi</c> for <c>happy</c>): from a word's start, the first letter in either case, the rest,
    /// any word characters. Every character that is not a letter or digit is escaped.</summary>
    private const string Candidates = """
        '\m(' || CASE WHEN upper(left(x.px, 1)) <> lower(left(x.px, 1)) THEN '[' || upper(left(x.px, 1)) || lower(left(x.px, 1)) || ']'
                      ELSE regexp_replace(left(x.px, 1), '([^[:alnum:]])', '\\\1') END
              || regexp_replace(substr(x.px, 2), '([^[:alnum:]])', '\\\1', 'g') || '\w*)'
        """;

    private static readonly string Sql = $"""
        SELECT w.ord,
               CASE WHEN octet_length(v.text) > {WholeBytes} AND p.passage IS NOT NULL AND to_tsvector(l.cfg, p.passage) @@ l.q THEN ts_headline(l.cfg, p.passage, l.q, @options)
                    ELSE ts_headline(l.cfg, translate(left(v.text, {SearchStore.IndexedLength}), @marks, ''), l.q, @options) END
        FROM unnest(@versions, @codes) WITH ORDINALITY AS w(id, code, ord)
        CROSS JOIN LATERAL (SELECT c.cfg, websearch_to_tsquery(c.cfg, @text) AS q
                            FROM (SELECT archive_search_config(w.code) AS cfg) AS c OFFSET 0) AS l
        JOIN article_versions v ON v.id = w.id
        CROSS JOIN LATERAL (
            SELECT translate(string_agg(t.piece, ' … ' ORDER BY r.s), @marks, '') AS passage
            FROM (SELECT min(s) AS s, max(e) AS e FROM (
                      SELECT s, e, count(*) FILTER (WHERE fresh) OVER (ORDER BY s) AS island FROM (
                          SELECT s, e, s > coalesce(max(e) OVER (ORDER BY s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS fresh
                          FROM (SELECT greatest(1, f.o - {Before}) AS s, least(f.o + {After}, {SearchStore.IndexedLength + 1}) AS e
                                FROM (SELECT regexp_instr(v.text, '\m(' || string_agg(cw.word, '|') || ')\M') AS o
                                      FROM (SELECT DISTINCT replace(m[1], '''''', '''') AS lexeme
                                            FROM regexp_matches(l.q::text, '''((?:[^'']|'''')+)''', 'g') AS m
                                            WHERE octet_length(v.text) > {WholeBytes}) AS lx
                                      CROSS JOIN LATERAL (SELECT CASE WHEN length(lx.lexeme) > 3 THEN left(lx.lexeme, -1) ELSE lx.lexeme END AS px) AS x
                                      CROSS JOIN LATERAL (SELECT DISTINCT m[1] AS word FROM regexp_matches(v.text, {Candidates}, 'g') AS m) AS cw
                                      WHERE tsvector_to_array(to_tsvector(l.cfg, lower(cw.word))) @> ARRAY[lx.lexeme]
                                      GROUP BY lx.lexeme) AS f
                                WHERE f.o BETWEEN 1 AND {SearchStore.IndexedLength}) AS windows) AS marked) AS numbered
                  GROUP BY island) AS r
            CROSS JOIN LATERAL (SELECT substr(v.text, r.s, r.e - r.s) AS raw OFFSET 0) AS c
            CROSS JOIN LATERAL (SELECT CASE WHEN r.s = 1 THEN c.raw ELSE regexp_replace(c.raw, '^\S*\s+', '') END AS head) AS h
            CROSS JOIN LATERAL (SELECT CASE WHEN length(c.raw) < r.e - r.s THEN h.head ELSE regexp_replace(h.head, '\s+\S*$', '') END
                                AS piece) AS t) AS p
        """;

    /// <summary>The snippet of each hit, in the order given.</summary>
    /// <param name="open">The open connection of the search; <paramref name="connectionString"/> opens the others (none: all on it).</param>
    public static async Task<string[]> HeadlinesAsync(NpgsqlConnection open, string? connectionString, string text,
        IReadOnlyList<(Guid VersionId, string Code, long Bytes)> hits, string options, CancellationToken ct)
    {
        var snippets = new string[hits.Count];
        var groups = Groups(hits, connectionString is null ? 1 : Math.Min(Environment.ProcessorCount, MaxGroups));
        await Task.WhenAll(groups.Select((members, i) => HeadlineGroupAsync(i == 0 ? open : null, connectionString, text, hits, members,
            options, snippets, ct)));
        return [.. snippets.Select(s => s ?? "")];
    }

    /// <summary>The hits split into groups of about equal text, the longest placed first, each into the lightest group.</summary>
    internal static List<List<int>> Groups(IReadOnlyList<(Guid VersionId, string Code, long Bytes)> hits, int most)
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
        IReadOnlyList<(Guid VersionId, string Code, long Bytes)> hits, List<int> members, string options, string[] snippets,
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
