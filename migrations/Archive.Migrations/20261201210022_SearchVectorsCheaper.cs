using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <summary>
    /// The search row of every new version is built by two functions that ran as row-by-row SQL: the qualifier rebuilt the
    /// vector's text lexeme by lexeme with a subquery per lexeme, and the pair function unnested the vector twice for its
    /// self-join. The qualifier is now one regular-expression pass over the vector's text (as the query side's qualifier
    /// already is), and the pairs unnest the vector once. Same vectors: the two forms gave identical document and pairs
    /// on every stored version compared (docs/performance.md), and SearchVectorFormsTests holds the old forms beside the
    /// new. Only the functions change: no stored row is rewritten.
    /// </summary>
    public partial class SearchVectorsCheaper : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                -- Every lexeme of the vector's text ('said':3B) quoted as tsvector writes it (quotes doubled, backslashes
                -- doubled), so one pattern finds each lexeme and prefixes it; the code is escaped for the literal and for the
                -- replacement string.
                CREATE OR REPLACE FUNCTION archive_search_qualify(vector tsvector, code text) RETURNS tsvector
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT regexp_replace(vector::text, '''((?:[^'']|'''')*)''',
                        '''' || replace(replace(replace(code, '\', '\\'), '''', ''''''), '\', '\\') || ':\1''', 'g')::tsvector
                $$;

                CREATE OR REPLACE FUNCTION archive_search_pairs(vector tsvector) RETURNS tsvector
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    WITH at AS MATERIALIZED (SELECT u.lexeme, p FROM unnest(vector) AS u, unnest(u.positions) AS p)
                    SELECT coalesce(array_to_tsvector(array_agg(a.lexeme || ' ' || substr(b.lexeme, strpos(b.lexeme, ':') + 1))), '')
                    FROM at AS a JOIN at AS b ON b.p = a.p + 1
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION archive_search_qualify(vector tsvector, code text) RETURNS tsvector
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT coalesce(string_agg(
                        '''' || replace(replace(code || ':' || u.lexeme, '\', '\\'), '''', '''''') || ''':' ||
                            (SELECT string_agg(p::text || w, ',') FROM unnest(u.positions, u.weights) AS x(p, w)), ' '), '')::tsvector
                    FROM unnest(vector) AS u
                $$;

                CREATE OR REPLACE FUNCTION archive_search_pairs(vector tsvector) RETURNS tsvector
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT coalesce(array_to_tsvector(array_agg(a.lexeme || ' ' || substr(b.lexeme, strpos(b.lexeme, ':') + 1))), '')
                    FROM (SELECT u.lexeme, p FROM unnest(vector) AS u, unnest(u.positions) AS p) AS a
                    JOIN (SELECT u.lexeme, p FROM unnest(vector) AS u, unnest(u.positions) AS p) AS b ON b.p = a.p + 1
                $$;
                """);
        }
    }
}
