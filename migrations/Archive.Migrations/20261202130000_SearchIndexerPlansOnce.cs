using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <summary>
    /// The search indexer's batch function planned its row query again at every call, and the indexer calls it for one or
    /// two rows at a time under load: <c>article_search_rows(ARRAY(SELECT id FROM owed))</c> took a sub-select as its
    /// argument, which PostgreSQL never inlines, so each call parsed and planned the function's body (and its plan was
    /// thrown away with the call); and a statement over an id array keeps getting custom plans (the generic plan's estimate
    /// of ten ids costs more), so even inlined it would be planned every time. perf over 400 one-row calls on a real-page
    /// database: parse and plan were a quarter of the indexer's CPU, to_tsvector a seventh (docs/performance.md). Now the owed ids
    /// are read into a variable first (the call inlines, and PL/pgSQL keeps its plan for the session), nothing is built
    /// when nothing is owed, and the function asks for generic plans: its statements are lookups by key whose best plan
    /// does not depend on how many ids a batch holds. Same rows, same marker: SearchIndexerTests compares them with the
    /// trigger's definition.
    /// </summary>
    public partial class SearchIndexerPlansOnce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION article_search_index_owed(batch integer, lock_key bigint, skip uuid[]) RETURNS integer
                LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
                DECLARE
                    owed uuid[];
                    owed_as xid[];
                    ids uuid[];
                    read_as xid[];
                    versions uuid[];
                BEGIN
                    PERFORM pg_advisory_xact_lock(lock_key);
                    SELECT array_agg(o.id), array_agg(o.xmin) INTO owed, owed_as FROM (
                        SELECT o.id, o.xmin FROM articles o
                        WHERE o.current_version_id IS DISTINCT FROM o.indexed_version_id AND o.id <> ALL (skip)
                        ORDER BY o.id LIMIT batch) AS o;
                    IF owed IS NULL THEN
                        RETURN 0;
                    END IF;
                    -- Rows are built from a later snapshot than the one that found them owed: an article whose version
                    -- changed meanwhile gets the newer version's row, and the marker below (same xmin) leaves it owed.
                    WITH indexed AS (
                        INSERT INTO article_search AS s (article_id, version_id, publisher_id, language, sort_at, document, pairs)
                        SELECT * FROM article_search_rows(owed)
                        ON CONFLICT (article_id) DO UPDATE SET version_id = excluded.version_id, publisher_id = excluded.publisher_id,
                            language = excluded.language, sort_at = excluded.sort_at, document = excluded.document, pairs = excluded.pairs
                        RETURNING s.article_id, s.version_id)
                    SELECT array_agg(o.id), array_agg(o.read_as), array_agg(i.version_id) INTO ids, read_as, versions
                    FROM unnest(owed, owed_as) AS o(id, read_as) JOIN indexed i ON i.article_id = o.id;
                    UPDATE articles a SET indexed_version_id = i.version_id
                    FROM unnest(ids, read_as, versions) AS i(id, read_as, version_id) WHERE a.id = i.id AND a.xmin = i.read_as;
                    RETURN coalesce(cardinality(ids), 0);
                END;
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION article_search_index_owed(integer, bigint, uuid[]);
                CREATE FUNCTION article_search_index_owed(batch integer, lock_key bigint, skip uuid[]) RETURNS integer
                LANGUAGE plpgsql AS $$
                DECLARE
                    ids uuid[];
                    read_as xid[];
                    versions uuid[];
                BEGIN
                    PERFORM pg_advisory_xact_lock(lock_key);
                    WITH owed AS MATERIALIZED (
                        SELECT o.id, o.xmin FROM articles o
                        WHERE o.current_version_id IS DISTINCT FROM o.indexed_version_id AND o.id <> ALL (skip)
                        ORDER BY o.id LIMIT batch),
                    indexed AS (
                        INSERT INTO article_search AS s (article_id, version_id, publisher_id, language, sort_at, document, pairs)
                        SELECT * FROM article_search_rows(ARRAY(SELECT id FROM owed))
                        ON CONFLICT (article_id) DO UPDATE SET version_id = excluded.version_id, publisher_id = excluded.publisher_id,
                            language = excluded.language, sort_at = excluded.sort_at, document = excluded.document, pairs = excluded.pairs
                        RETURNING s.article_id, s.version_id)
                    SELECT array_agg(o.id), array_agg(o.xmin), array_agg(i.version_id) INTO ids, read_as, versions
                    FROM owed o JOIN indexed i ON i.article_id = o.id;
                    UPDATE articles a SET indexed_version_id = i.version_id
                    FROM unnest(ids, read_as, versions) AS i(id, read_as, version_id) WHERE a.id = i.id AND a.xmin = i.read_as;
                    RETURN coalesce(cardinality(ids), 0);
                END;
                $$;
                """);
        }
    }
}
