using Npgsql;

namespace Archive.Data.Stores;

/// <summary>
/// The snippets of a page of hits: <c>ts_headline</c> over each article's indexed text, in its own language's reading.
/// </summary>
/// <remarks>
/// <c>ts_headline</c> parses the whole text to find the best fragments, so a page of long articles costs tens of milliseconds
/// of one backend's CPU (twenty 27 KB texts for a rare word: most of that query's time), and no shorter text gives the same
/// snippet. A page with much text is therefore split into groups of about equal length, each headlined on its own connection
/// at the same time, one a processor: the answer is the same, sooner wherever the server has a core to spare.
/// </remarks>
internal static class SearchSnippets
{
    /// <summary>Text a group is worth its own connection for (its parse costs several milliseconds).</summary>
    private const long BytesPerGroup = 64 * 1024;
    private const int MaxGroups = 4;

    private static readonly string Sql = $"""
        SELECT w.ord, ts_headline(l.cfg, translate(left(v.text, {SearchStore.IndexedLength}), @marks, ''),
                                  websearch_to_tsquery(l.cfg, @text), @options)
        FROM unnest(@versions, @codes) WITH ORDINALITY AS w(id, code, ord)
        CROSS JOIN LATERAL (SELECT archive_search_config(w.code) AS cfg) AS l
        JOIN article_versions v ON v.id = w.id
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
