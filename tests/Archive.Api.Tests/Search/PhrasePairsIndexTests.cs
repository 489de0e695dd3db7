using Archive.Api.Tests.Infrastructure;
using Archive.Data.Stores;
using Npgsql;

namespace Archive.Api.Tests.Search;

/// <summary>
/// The pair index answers a phrase exactly as PostgreSQL's phrase operator does on the stored vector: for every text and
/// phrase below, <c>(document || pairs) @@ rewritten</c> holds where <c>document @@ phrase</c> does, and nowhere else.
/// </summary>
public sealed class PhrasePairsIndexTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private static readonly string[] Texts =
    [
        "We're considering the well-known fact that harbour pilots strike.",
        "The pilots said the harbour would close; considering it, we're not.",
        "State of the art harbour pilots, state-of-the-art ferries and the art of the state.",
        "Harbour harbour pilots pilots: a harbour, then pilots.",
        "O'Neil said the re-opening is well known.",
    ];

    private static readonly string[] Phrases =
    [
        "\"re considering\"", "\"harbour pilots\"", "\"pilots harbour\"", "\"harbour pilots strike\"", "\"state of the art\"",
        "\"state-of-the-art ferries\"", "\"the art of the state\"", "\"well-known fact\"", "\"well known\"", "\"o'neil said\"",
        "\"re-opening\"", "harbour -\"pilots strike\"", "\"pilots said\" or \"art harbour\"", "\"harbour\" pilots",
    ];

    [Fact]
    public async Task The_pair_index_matches_what_the_phrase_operator_matches()
    {
        _ = factory.CreateClient(); // starts the service, which migrates the database
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        int rewrites = 0, matches = 0, misses = 0;
        foreach (var phrase in Phrases)
        {
            string reading;
            await using (var read = new NpgsqlCommand("SELECT archive_search_qualify(websearch_to_tsquery('english', $1), 'en')::text", connection))
            {
                read.Parameters.AddWithValue(phrase);
                reading = (string)(await read.ExecuteScalarAsync())!;
            }
            var rewritten = PhrasePairs.Rewrite(reading);
            rewrites += rewritten == reading ? 0 : 1;
            foreach (var text in Texts)
            {
                await using var compare = new NpgsqlCommand("""
                    WITH v AS (SELECT archive_search_qualify(setweight(to_tsvector('english', 'Harbour news'), 'A') ||
                                                             setweight(to_tsvector('english', $1), 'B'), 'en') AS document)
                    SELECT document @@ $2::tsquery, (document || archive_search_pairs(document)) @@ $3::tsquery FROM v
                    """, connection);
                compare.Parameters.AddWithValue(text);
                compare.Parameters.AddWithValue(reading);
                compare.Parameters.AddWithValue(rewritten);
                await using var reader = await compare.ExecuteReaderAsync();
                await reader.ReadAsync();
                Assert.True(reader.GetBoolean(0) == reader.GetBoolean(1), $"{phrase} ({reading} → {rewritten}) on “{text}”: " +
                    $"phrase operator {reader.GetBoolean(0)}, pair index {reader.GetBoolean(1)}");
                (reader.GetBoolean(0) ? ref matches : ref misses)++;
            }
        }
        // The comparison means something only if most phrases were rewritten and both answers occur.
        Assert.True(rewrites >= 10, $"{rewrites} phrases rewritten");
        Assert.True(matches >= 10 && misses >= 10, $"{matches} matches, {misses} misses");
    }
}
