using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <summary>
    /// The qualifier (<c>archive_search_qualify</c>) scanned the vector's text for characters three times before the cast back
    /// to tsvector scanned it again: <c>length</c> twice (counting the entries' opening quotes by what a replace removed) and
    /// <c>substr</c> once (dropping the leading space it put in front, which counts characters up to the end when no length
    /// is given). The removed text is two ASCII bytes an occurrence, so <c>octet_length</c> gives the same count without
    /// decoding UTF-8; and tsvector's input skips leading white space, so the space can stay. Same vector, byte for byte
    /// (<c>tsvectorsend</c> of the 1,200 newest English rows of a load-bench cluster, and SearchVectorFormsTests); per
    /// article 0.36–0.40 → 0.30–0.32 ms of one backend's CPU (bench/results/load-2026-12-04.md, gin31). What is left is the
    /// text round trip itself (<c>tsvectorout</c>, <c>tsvectorin</c>), which has no other form in SQL. Rows already stored
    /// are the same bytes and stay as they are.
    /// </summary>
    public partial class SearchQualifyInOneScan : Migration
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
                        -- Bytes, not characters: the two counted characters are ASCII. The leading space is left for the cast to skip.
                        IF octet_length(entries) - octet_length(replace(entries, ' ''', '')) = 2 * length(vector) THEN
                            RETURN replace(entries, ' ''', ' ''' || replace(replace(code, '\', '\\'), '''', '''''') || ':')::tsvector;
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
                """);
        }
    }
}
