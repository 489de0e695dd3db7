using Archive.Api.Tests.Infrastructure;
using Npgsql;

namespace Archive.Api.Tests.Search;

/// <summary>
/// The functions that build a search row were rewritten for speed (migrations SearchVectorsCheaper, SearchQualifyByReplace,
/// SearchPairsFromTheVector, SearchQualifyInOneScan); the stored rows were not rebuilt, so the new forms must give the very vectors the old ones
/// gave. The old forms live here as the reference.
/// </summary>
public sealed class SearchVectorFormsTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    private const string OldForms = """
        CREATE OR REPLACE FUNCTION pg_temp.old_qualify(vector tsvector, code text) RETURNS tsvector LANGUAGE sql AS $$
            SELECT coalesce(string_agg(
                '''' || replace(replace(code || ':' || u.lexeme, '\', '\\'), '''', '''''') || ''':' ||
                    (SELECT string_agg(p::text || w, ',') FROM unnest(u.positions, u.weights) AS x(p, w)), ' '), '')::tsvector
            FROM unnest(vector) AS u
        $$;
        CREATE OR REPLACE FUNCTION pg_temp.old_pairs(vector tsvector) RETURNS tsvector LANGUAGE sql AS $$
            SELECT coalesce(array_to_tsvector(array_agg(a.lexeme || ' ' || substr(b.lexeme, strpos(b.lexeme, ':') + 1))), '')
            FROM (SELECT u.lexeme, p FROM unnest(vector) AS u, unnest(u.positions) AS p) AS a
            JOIN (SELECT u.lexeme, p FROM unnest(vector) AS u, unnest(u.positions) AS p) AS b ON b.p = a.p + 1
        $$;
        """;

    public static TheoryData<string, string, string> Texts => new()
    {
        { "english", "en", "We're considering the well-known fact that harbour pilots strike; O'Neil said the re-opening is well known." },
        { "english", "en", "State of the art harbour pilots, state-of-the-art ferries and the art of the state." },
        { "german", "de", "Die Lotsen im Hafen streiken, sagte der Bürgermeister – „zum zweiten Mal“." },
        { "simple", "und", "Ciudad 市政府 ‘quoted’ \"double\" back\\slash a''b 3.14 e-mail@example.net https://x.example/a?b=c" },
        { "english", "en", "" },
        // Past 16,383 words every position is the last one, and a lexeme keeps at most 256 positions: both caps are hit.
        { "english", "en", string.Join(' ', Enumerable.Range(0, 17_000).Select(i => i % 7 == 0 ? "harbour" : "pilot" + (i % 300))) },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task The_document_and_its_pairs_are_what_the_old_forms_gave(string config, string code, string text)
    {
        _ = factory.CreateClient(); // starts the service, which migrates the database
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand(OldForms, connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        await using var compare = new NpgsqlCommand("""
            WITH v AS (SELECT setweight(to_tsvector($1::regconfig, 'Harbour news'), 'A') || setweight(to_tsvector($1::regconfig, $3), 'B') AS raw),
                 d AS (SELECT archive_search_qualify(raw, $2) AS new, pg_temp.old_qualify(raw, $2) AS old FROM v)
            SELECT new::text, old::text, archive_search_pairs(new)::text, pg_temp.old_pairs(old)::text, length(new),
                   tsvectorsend(archive_search_pairs(raw, $2)) = tsvectorsend(pg_temp.old_pairs(old)),
                   tsvectorsend(new) = tsvectorsend(old) FROM v, d
            """, connection);
        compare.Parameters.AddWithValue(config);
        compare.Parameters.AddWithValue(code);
        compare.Parameters.AddWithValue(text);
        await using var reader = await compare.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(reader.GetString(1), reader.GetString(0));
        Assert.Equal(reader.GetString(3), reader.GetString(2));
        Assert.True(reader.GetInt32(4) >= 2, "the vector holds at least the title's lexemes");
        Assert.True(reader.GetBoolean(5), "the pairs built from the unqualified vector are the old pairs, byte for byte");
        Assert.True(reader.GetBoolean(6), "the qualified vector is the old one, byte for byte");
    }

    [Theory]
    // Lexemes and codes with quotes and backslashes, which both forms must escape: built directly, as no parser emits them.
    [InlineData("'o''neil':1A 'a\\\\b':2 'plain':3,5C 'x':4D", "en")]
    [InlineData("'a':1 'b':2", "x'y\\z")]
    // A lexeme holding a space before a quote, which no parser emits: the qualifier's plain replace would misread it as an
    // entry's opening quote, so this vector must take its regular-expression path.
    [InlineData("'a ''b':1 'c':2,3B", "en")]
    [InlineData("'x ''''y'' z':1A", "de")]
    // Multibyte lexemes, one with a space before a quote: the qualifier counts the quotes in bytes, not characters.
    [InlineData("'città':1 'naïve ''ü':2 '市政府':3B", "it")]
    [InlineData("'città':1 'ü':2 '市政府':3B", "zh")]
    public async Task Quotes_and_backslashes_are_qualified_and_paired_as_before(string vector, string code)
    {
        _ = factory.CreateClient();
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand(OldForms, connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        await using var compare = new NpgsqlCommand("""
            SELECT archive_search_qualify($1::tsvector, $2)::text, pg_temp.old_qualify($1::tsvector, $2)::text,
                   (SELECT bool_and(starts_with(lexeme, $2 || ':')) FROM unnest(archive_search_qualify($1::tsvector, $2))),
                   archive_search_pairs($1::tsvector, $2)::text, pg_temp.old_pairs(pg_temp.old_qualify($1::tsvector, $2))::text
            """, connection);
        compare.Parameters.AddWithValue(vector);
        compare.Parameters.AddWithValue(code);
        await using var reader = await compare.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(reader.GetString(1), reader.GetString(0));
        Assert.True(reader.GetBoolean(2), "every lexeme starts with the code");
        Assert.Equal(reader.GetString(4), reader.GetString(3));
    }
    [Theory]
    // to_tsvector keeps a word up to 2,046 bytes; with its code and colon in front a lexeme may be no longer than that.
    [InlineData("en", 2043, true)]
    [InlineData("en", 2044, false)]
    [InlineData("und", 2042, true)]
    [InlineData("und", 2043, false)]
    public async Task A_lexeme_the_prefix_takes_past_the_limit_is_left_out_and_the_rest_is_qualified(string code, int letters, bool kept)
    {
        _ = factory.CreateClient();
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT archive_search_qualify(v, $1)::text, (SELECT max(octet_length(lexeme)) FROM unnest(archive_search_qualify(v, $1)))
            FROM (SELECT to_tsvector('simple', 'harbour ' || repeat('q', $2) || ' pilots') AS v) AS t
            """, connection);
        command.Parameters.AddWithValue(code);
        command.Parameters.AddWithValue(letters);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.StartsWith($"'{code}:harbour':1 ", reader.GetString(0), StringComparison.Ordinal);
        Assert.Contains($" '{code}:pilots':3", reader.GetString(0), StringComparison.Ordinal);
        Assert.Equal(kept ? code.Length + 1 + letters : code.Length + 8, reader.GetInt32(1));
    }

    [Theory]
    // A pair is the prefix, two lexemes and a space: 3 + 1,021 + 1 + 1,021 is the limit; one byte more and it is left out
    // (array_to_tsvector does not check, and stored such a pair cut to its length modulo 2,048).
    [InlineData(1021, 1021, true)]
    [InlineData(1021, 1022, false)]
    [InlineData(1100, 1100, false)]
    public async Task A_pair_past_the_limit_is_left_out_and_its_neighbours_kept(int first, int second, bool kept)
    {
        _ = factory.CreateClient();
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*), count(*) FILTER (WHERE strpos(lexeme, ' ') = 0), max(octet_length(lexeme))
            FROM unnest(archive_search_pairs(to_tsvector('simple', 'harbour ' || repeat('k', $1) || ' ' || repeat('m', $2) || ' pilots'), 'en'))
            """, connection);
        command.Parameters.AddWithValue(first);
        command.Parameters.AddWithValue(second);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(kept ? 3L : 2L, reader.GetInt64(0));
        Assert.Equal(0L, reader.GetInt64(1)); // every pair holds its space: none was cut short
        Assert.True(reader.GetInt32(2) <= 2046, $"the longest pair is {reader.GetInt32(2)} bytes");
    }
}
