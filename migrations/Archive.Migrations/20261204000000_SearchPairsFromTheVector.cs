using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <summary>
    /// The phrase pairs of a search row were read back out of its qualified vector: <c>archive_search_pairs(document)</c>
    /// unnested every lexeme with its language prefix, unnested each one's positions in a lateral function scan (a function
    /// scan started again for every lexeme), joined each position to the next and cut the prefix off the second lexeme of
    /// every pair again (<c>substr</c>/<c>strpos</c>). The pairs are now built from the vector before it is qualified, by
    /// <c>archive_search_pairs(vector, code)</c>: positions unnested in the select list (one pass), and the prefix put once in
    /// front of each pair's first lexeme. A qualified lexeme is the language code, a colon and the lexeme
    /// (<c>archive_search_qualify</c>), so each pair's text is the same and <c>array_to_tsvector</c> sorts and deduplicates the
    /// same texts into the same vector: the same bytes. Measured apart over the 618 English real pages of a load bench's
    /// cluster (one session, backend CPU): ~25% less CPU for the pairs (bench/results/load-2026-12-04.md, pg28).
    /// SearchIndexerTests compares each indexed row with the row the trigger built; SearchPairsFromTheVectorTests compares
    /// the two functions over edge cases. The one-argument function stays as that reference. Rows already stored are the
    /// same bytes and stay as they are: nothing is re-indexed.
    /// </summary>
    public partial class SearchPairsFromTheVector : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION archive_search_pairs(vector tsvector, code text) RETURNS tsvector
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

                CREATE OR REPLACE FUNCTION article_search_rows(ids uuid[])
                RETURNS TABLE (article_id uuid, version_id uuid, publisher_id uuid, language text, sort_at timestamptz,
                               document tsvector, pairs tsvector)
                LANGUAGE sql STABLE AS $$
                    SELECT r.id, r.version_id, r.publisher_id, r.code, r.sort_at, archive_search_qualify(r.vector, r.code),
                           archive_search_pairs(r.vector, r.code)
                    FROM (
                        SELECT a.id, v.id AS version_id, a.publisher_id, l.code, coalesce(v.published_at, v.captured_at) AS sort_at,
                               setweight(to_tsvector(archive_search_config(l.code), coalesce(v.title, '')), 'A') ||
                               setweight(to_tsvector(archive_search_config(l.code), left(v.text, 250000)), 'B') AS vector
                        FROM articles a JOIN article_versions v ON v.id = a.current_version_id
                        CROSS JOIN LATERAL (SELECT archive_search_language(v.language) AS code) AS l
                        WHERE a.id = ANY (ids)
                        OFFSET 0) AS r
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION article_search_rows(ids uuid[])
                RETURNS TABLE (article_id uuid, version_id uuid, publisher_id uuid, language text, sort_at timestamptz,
                               document tsvector, pairs tsvector)
                LANGUAGE sql STABLE AS $$
                    SELECT r.id, r.version_id, r.publisher_id, r.code, r.sort_at, r.document, archive_search_pairs(r.document)
                    FROM (
                        SELECT a.id, v.id AS version_id, a.publisher_id, l.code, coalesce(v.published_at, v.captured_at) AS sort_at,
                               archive_search_qualify(
                                   setweight(to_tsvector(archive_search_config(l.code), coalesce(v.title, '')), 'A') ||
                                   setweight(to_tsvector(archive_search_config(l.code), left(v.text, 250000)), 'B'), l.code) AS document
                        FROM articles a JOIN article_versions v ON v.id = a.current_version_id
                        CROSS JOIN LATERAL (SELECT archive_search_language(v.language) AS code) AS l
                        WHERE a.id = ANY (ids)
                        OFFSET 0) AS r
                $$;
                DROP FUNCTION archive_search_pairs(tsvector, text);
                """);
        }
    }
}
