using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <summary>
    /// Search rows are no longer built by a trigger inside the upload's transaction: at 8 concurrent uploads on two cores the
    /// trigger (to_tsvector, the qualifier, the pairs and above all the GIN insert with its pending-list merges) was the
    /// largest statement of an upload and made uploads wait on each other (docs/performance.md). The upload now only
    /// commits its article; <c>articles.indexed_version_id</c> says which version the search row was built from, and an
    /// article whose current version differs from it is owed to the search index (found by the partial index
    /// <c>ix_articles_search_owed</c>). One indexer at a time (an advisory lock) builds the owed rows in batches with
    /// <c>article_search_index_owed</c>, from the very expressions the trigger used (<c>article_search_rows</c>). The marker
    /// is the durable state: a crash between an upload's commit and its indexing leaves the article owed, and the next
    /// indexer finds it. Existing rows were built by the trigger in the transaction that set their version, so they are
    /// marked indexed as they stand: nothing is re-indexed.
    /// </summary>
    public partial class SearchIndexedAfterCommit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE articles ADD COLUMN indexed_version_id uuid;
                UPDATE articles a SET indexed_version_id = s.version_id FROM article_search s WHERE s.article_id = a.id;
                CREATE INDEX ix_articles_search_owed ON articles (id) WHERE current_version_id IS DISTINCT FROM indexed_version_id;

                -- The search rows of the given articles, built from their current versions exactly as the trigger built them.
                -- The vector is computed once (OFFSET 0 keeps the planner from copying its expression into the pairs' call).
                CREATE FUNCTION article_search_rows(ids uuid[])
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

                -- Builds up to `batch` owed search rows (articles in `skip` left out) and marks each article indexed at the
                -- version its row was built from; returns how many. Holds `lock_key` for its transaction, so indexers of
                -- several processes take turns. The marker is written last, and only where the article's row is the one read
                -- (same xmin): an upload that stored a new version meanwhile, or anything else that made the article owed again,
                -- leaves it owed, and the next batch builds it again.
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

                CREATE OR REPLACE FUNCTION article_search_refresh(article uuid) RETURNS void LANGUAGE sql AS $$
                    INSERT INTO article_search AS s (article_id, version_id, publisher_id, language, sort_at, document, pairs)
                    SELECT * FROM article_search_rows(ARRAY[article])
                    ON CONFLICT (article_id) DO UPDATE SET version_id = excluded.version_id, publisher_id = excluded.publisher_id,
                        language = excluded.language, sort_at = excluded.sort_at, document = excluded.document, pairs = excluded.pairs;
                    UPDATE articles a SET indexed_version_id = s.version_id FROM article_search s WHERE s.article_id = article AND a.id = article;
                $$;

                -- What made the trigger rebuild a row now makes the article owed: another publisher on the article (its
                -- version unchanged), or its current version recomputed (versions are derived data).
                DROP TRIGGER article_search_on_article ON articles;
                DROP FUNCTION article_search_on_article();
                CREATE FUNCTION article_search_owed_on_article() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.indexed_version_id := NULL;
                    RETURN NEW;
                END;
                $$;
                CREATE TRIGGER article_search_owed_on_article BEFORE UPDATE OF publisher_id ON articles
                    FOR EACH ROW WHEN (OLD.publisher_id IS DISTINCT FROM NEW.publisher_id) EXECUTE FUNCTION article_search_owed_on_article();
                CREATE OR REPLACE FUNCTION article_search_on_version() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE articles SET indexed_version_id = NULL WHERE id = NEW.article_id AND current_version_id = NEW.id;
                    RETURN NULL;
                END;
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                SELECT article_search_refresh(id) FROM articles WHERE current_version_id IS DISTINCT FROM indexed_version_id;
                CREATE OR REPLACE FUNCTION article_search_on_version() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND current_version_id = NEW.id) THEN
                        PERFORM article_search_refresh(NEW.article_id);
                    END IF;
                    RETURN NULL;
                END;
                $$;
                DROP TRIGGER article_search_owed_on_article ON articles;
                DROP FUNCTION article_search_owed_on_article();
                DROP FUNCTION article_search_index_owed(integer, bigint, uuid[]);
                CREATE OR REPLACE FUNCTION article_search_refresh(article uuid) RETURNS void LANGUAGE sql AS $$
                    INSERT INTO article_search AS s (article_id, version_id, publisher_id, language, sort_at, document, pairs)
                    SELECT * FROM article_search_rows(ARRAY[article])
                    ON CONFLICT (article_id) DO UPDATE SET version_id = excluded.version_id, publisher_id = excluded.publisher_id,
                        language = excluded.language, sort_at = excluded.sort_at, document = excluded.document, pairs = excluded.pairs;
                $$;
                CREATE FUNCTION article_search_on_article() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM article_search_refresh(NEW.id);
                    RETURN NULL;
                END;
                $$;
                CREATE TRIGGER article_search_on_article AFTER INSERT OR UPDATE OF current_version_id, publisher_id ON articles
                    FOR EACH ROW WHEN (NEW.current_version_id IS NOT NULL) EXECUTE FUNCTION article_search_on_article();
                DROP INDEX ix_articles_search_owed;
                ALTER TABLE articles DROP COLUMN indexed_version_id;
                """);
        }
    }
}
