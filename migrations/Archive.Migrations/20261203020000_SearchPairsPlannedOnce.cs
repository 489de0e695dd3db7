using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <summary>
    /// <c>archive_search_pairs</c> was a SQL function with a FROM clause, which PostgreSQL never inlines: each statement that
    /// called it (the search indexer's, one or two articles a call under load) parsed and planned its body again, and threw
    /// the plan away with the statement. As PL/pgSQL the same query is planned once per session and its plan kept (after
    /// five calls a generic one: the plan does not depend on the vector). Same body, same vectors: SearchIndexerTests and
    /// SearchPairsPlanTests compare them with the query's own result.
    /// </summary>
    public partial class SearchPairsPlannedOnce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION archive_search_pairs(vector tsvector) RETURNS tsvector
                LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
                DECLARE
                    pairs tsvector;
                BEGIN
                    WITH at AS MATERIALIZED (SELECT u.lexeme, p FROM unnest(vector) AS u, unnest(u.positions) AS p)
                    SELECT coalesce(array_to_tsvector(array_agg(a.lexeme || ' ' || substr(b.lexeme, strpos(b.lexeme, ':') + 1))), '')
                    INTO pairs
                    FROM at AS a JOIN at AS b ON b.p = a.p + 1;
                    RETURN pairs;
                END;
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION archive_search_pairs(vector tsvector) RETURNS tsvector
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    WITH at AS MATERIALIZED (SELECT u.lexeme, p FROM unnest(vector) AS u, unnest(u.positions) AS p)
                    SELECT coalesce(array_to_tsvector(array_agg(a.lexeme || ' ' || substr(b.lexeme, strpos(b.lexeme, ':') + 1))), '')
                    FROM at AS a JOIN at AS b ON b.p = a.p + 1
                $$;
                """);
        }
    }
}
