using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <summary>
    /// A lexeme may be 2,046 bytes long: <c>to_tsvector</c> keeps a word up to that and drops a longer one. Qualifying puts
    /// the language code and a colon in front (<c>en:</c>, <c>und:</c>), so a word of 2,043–2,046 bytes made the cast back
    /// to tsvector fail ("word is too long", SQLSTATE 54000): the article's search row could not be built, and the indexer
    /// left that article owed and unsearchable by any of its words. A pair of adjacent words longer than the limit in all
    /// did not fail but was worse: <c>array_to_tsvector</c> does not check the length, and stored the pair cut to its length
    /// modulo 2,048 bytes. Now a lexeme or pair that would pass the limit once prefixed is left out, as <c>to_tsvector</c>
    /// leaves out a longer word. No query can ask for one (a query is at most 500 characters, under 2,043 bytes with its
    /// prefix), so no match is lost. Every other row is the same bytes as before: the qualifier only takes its new path when
    /// the cast refuses, and the pairs' condition holds for every pair within the limit. Rows already stored stay as they
    /// are; an article left owed by the old limit is indexed by the running indexer.
    /// </summary>
    public partial class SearchWordsWithinTheLimit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION archive_search_qualify(vector tsvector, code text) RETURNS tsvector
                LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
                DECLARE
                    entries text := ' ' || vector::text;
                BEGIN
                    BEGIN
                        IF length(entries) - length(replace(entries, ' ''', '')) = 2 * length(vector) THEN
                            RETURN substr(replace(entries, ' ''', ' ''' || replace(replace(code, '\', '\\'), '''', '''''') || ':'), 2)::tsvector;
                        END IF;
                        RETURN regexp_replace(vector::text, '''((?:[^'']|'''')*)''',
                            '''' || replace(replace(replace(code, '\', '\\'), '''', ''''''), '\', '\\') || ':\1''', 'g')::tsvector;
                    EXCEPTION WHEN program_limit_exceeded THEN
                        -- A lexeme the prefix takes past tsvector's 2,046 bytes: left out, as to_tsvector leaves out longer words.
                        RETURN archive_search_qualify(ts_delete(vector, ARRAY(
                            SELECT u.lexeme FROM unnest(vector) AS u WHERE octet_length(u.lexeme) > 2045 - octet_length(code))), code);
                    END;
                END;
                $$;

                CREATE OR REPLACE FUNCTION archive_search_pairs(vector tsvector, code text) RETURNS tsvector
                LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
                DECLARE
                    prefix text := code || ':';
                    pairs tsvector;
                BEGIN
                    -- array_to_tsvector does not check a lexeme's length (it would store a longer pair cut short): a pair past
                    -- tsvector's 2,046 bytes with its prefix is left out.
                    WITH at AS MATERIALIZED (SELECT u.lexeme, unnest(u.positions) AS p FROM unnest(vector) AS u)
                    SELECT coalesce(array_to_tsvector(array_agg(prefix || a.lexeme || ' ' || b.lexeme)), '')
                    INTO pairs
                    FROM at AS a JOIN at AS b ON b.p = a.p + 1
                    WHERE octet_length(a.lexeme) + octet_length(b.lexeme) <= 2045 - octet_length(prefix);
                    RETURN pairs;
                END;
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION archive_search_qualify(vector tsvector, code text) RETURNS tsvector
                LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
                DECLARE
                    entries text := ' ' || vector::text;
                BEGIN
                    IF length(entries) - length(replace(entries, ' ''', '')) = 2 * length(vector) THEN
                        RETURN substr(replace(entries, ' ''', ' ''' || replace(replace(code, '\', '\\'), '''', '''''') || ':'), 2)::tsvector;
                    END IF;
                    RETURN regexp_replace(vector::text, '''((?:[^'']|'''')*)''',
                        '''' || replace(replace(replace(code, '\', '\\'), '''', ''''''), '\', '\\') || ':\1''', 'g')::tsvector;
                END;
                $$;

                CREATE OR REPLACE FUNCTION archive_search_pairs(vector tsvector, code text) RETURNS tsvector
                LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
                DECLARE
                    prefix text := code || ':';
                    pairs tsvector;
                BEGIN
                    WITH at AS MATERIALIZED (SELECT u.lexeme, unnest(u.positions) AS p FROM unnest(vector) AS u)
                    SELECT coalesce(array_to_tsvector(array_agg(prefix || a.lexeme || ' ' || b.lexeme)), '')
                    INTO pairs
                    FROM at AS a JOIN at AS b ON b.p = a.p + 1;
                    RETURN pairs;
                END;
                $$;
                """);
        }
    }
}
