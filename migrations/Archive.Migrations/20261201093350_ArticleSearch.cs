using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <summary>
    /// Full-text search over each article's current version: one row per article in <c>article_search</c> with a tsvector
    /// built in the version's own language (title weighted above text, each lexeme prefixed with the language's code), kept
    /// by triggers in the same transaction as the write that changes it. Derived data: the table is rebuilt from articles and
    /// versions at any time (see the backfill). It is not part of the EF model: only <c>SearchStore</c> reads it.
    /// </summary>
    public partial class ArticleSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                -- The languages PostgreSQL stems, by ISO 639-1 code, and 'und' for every other (the 'simple' configuration:
                -- lower-case, no stemming, no stop words).
                CREATE FUNCTION archive_search_languages() RETURNS text[]
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT ARRAY['ar', 'hy', 'eu', 'ca', 'da', 'nl', 'en', 'fi', 'fr', 'de', 'el', 'hi', 'hu', 'id', 'ga', 'it', 'lt',
                                 'ne', 'no', 'pt', 'ro', 'ru', 'sr', 'es', 'sv', 'ta', 'tr', 'yi', 'und']
                $$;

                -- A version's language tag (en, en-US, de_DE, pt-BR, nb...) to one of those codes.
                CREATE FUNCTION archive_search_language(language text) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT CASE WHEN primary_tag IN ('nb', 'nn') THEN 'no'
                                WHEN primary_tag = ANY (archive_search_languages()) THEN primary_tag
                                ELSE 'und' END
                    FROM (SELECT lower(split_part(split_part(coalesce(language, ''), '-', 1), '_', 1)) AS primary_tag) AS tag
                $$;

                CREATE FUNCTION archive_search_config(code text) RETURNS regconfig
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT CASE code
                        WHEN 'ar' THEN 'pg_catalog.arabic'      WHEN 'hy' THEN 'pg_catalog.armenian'
                        WHEN 'eu' THEN 'pg_catalog.basque'      WHEN 'ca' THEN 'pg_catalog.catalan'
                        WHEN 'da' THEN 'pg_catalog.danish'      WHEN 'nl' THEN 'pg_catalog.dutch'
                        WHEN 'en' THEN 'pg_catalog.english'     WHEN 'fi' THEN 'pg_catalog.finnish'
                        WHEN 'fr' THEN 'pg_catalog.french'      WHEN 'de' THEN 'pg_catalog.german'
                        WHEN 'el' THEN 'pg_catalog.greek'       WHEN 'hi' THEN 'pg_catalog.hindi'
                        WHEN 'hu' THEN 'pg_catalog.hungarian'   WHEN 'id' THEN 'pg_catalog.indonesian'
                        WHEN 'ga' THEN 'pg_catalog.irish'       WHEN 'it' THEN 'pg_catalog.italian'
                        WHEN 'lt' THEN 'pg_catalog.lithuanian'  WHEN 'ne' THEN 'pg_catalog.nepali'
                        WHEN 'no' THEN 'pg_catalog.norwegian'   WHEN 'pt' THEN 'pg_catalog.portuguese'
                        WHEN 'ro' THEN 'pg_catalog.romanian'    WHEN 'ru' THEN 'pg_catalog.russian'
                        WHEN 'sr' THEN 'pg_catalog.serbian'     WHEN 'es' THEN 'pg_catalog.spanish'
                        WHEN 'sv' THEN 'pg_catalog.swedish'     WHEN 'ta' THEN 'pg_catalog.tamil'
                        WHEN 'tr' THEN 'pg_catalog.turkish'     WHEN 'yi' THEN 'pg_catalog.yiddish'
                        ELSE 'pg_catalog.simple' END::regconfig
                $$;

                -- Every lexeme of a vector prefixed with its language code ('said' -> 'en:said'), positions and weights kept:
                -- a query then matches an article only in the reading of its own language, and the GIN index alone decides
                -- that (see SearchStore).
                CREATE FUNCTION archive_search_qualify(vector tsvector, code text) RETURNS tsvector
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT coalesce(string_agg(
                        '''' || replace(replace(code || ':' || u.lexeme, '\', '\\'), '''', '''''') || ''':' ||
                            (SELECT string_agg(p::text || w, ',') FROM unnest(u.positions, u.weights) AS x(p, w)), ' '), '')::tsvector
                    FROM unnest(vector) AS u
                $$;

                -- The same for a query, as tsquery writes itself (every lexeme quoted, quotes doubled).
                CREATE FUNCTION archive_search_qualify(query tsquery, code text) RETURNS tsquery
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT regexp_replace(query::text, '''((?:[^'']|'''')*)''', '''' || code || ':\1''', 'g')::tsquery
                $$;

                CREATE TABLE article_search (
                    article_id uuid PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
                    version_id uuid NOT NULL,
                    publisher_id uuid,
                    language text NOT NULL,
                    -- When the story says it was published, or else when it was captured: what the time filters and the
                    -- newest-first order use.
                    sort_at timestamptz NOT NULL,
                    document tsvector NOT NULL
                );
                CREATE INDEX ix_article_search_document ON article_search USING gin (document);
                CREATE INDEX ix_article_search_sort_at ON article_search (sort_at DESC, article_id);
                CREATE INDEX ix_article_search_publisher ON article_search (publisher_id, sort_at DESC);

                -- The text indexed is capped (250,000 characters) so no page, however built, can exceed tsvector's 1 MB limit
                -- and fail the ingest that wrote it.
                CREATE FUNCTION article_search_refresh(article uuid) RETURNS void LANGUAGE sql AS $$
                    INSERT INTO article_search (article_id, version_id, publisher_id, language, sort_at, document)
                    SELECT a.id, v.id, a.publisher_id, l.code, coalesce(v.published_at, v.captured_at),
                           archive_search_qualify(
                               setweight(to_tsvector(archive_search_config(l.code), coalesce(v.title, '')), 'A') ||
                               setweight(to_tsvector(archive_search_config(l.code), left(v.text, 250000)), 'B'), l.code)
                    FROM articles a JOIN article_versions v ON v.id = a.current_version_id
                    CROSS JOIN LATERAL (SELECT archive_search_language(v.language) AS code) AS l
                    WHERE a.id = article
                    ON CONFLICT (article_id) DO UPDATE SET version_id = excluded.version_id, publisher_id = excluded.publisher_id,
                        language = excluded.language, sort_at = excluded.sort_at, document = excluded.document;
                $$;

                CREATE FUNCTION article_search_on_article() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM article_search_refresh(NEW.id);
                    RETURN NULL;
                END;
                $$;
                CREATE TRIGGER article_search_on_article AFTER INSERT OR UPDATE OF current_version_id, publisher_id ON articles
                    FOR EACH ROW WHEN (NEW.current_version_id IS NOT NULL) EXECUTE FUNCTION article_search_on_article();

                -- Versions are derived data and may be recomputed from their captures: a recomputed current version is reindexed.
                CREATE FUNCTION article_search_on_version() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM articles WHERE id = NEW.article_id AND current_version_id = NEW.id) THEN
                        PERFORM article_search_refresh(NEW.article_id);
                    END IF;
                    RETURN NULL;
                END;
                $$;
                CREATE TRIGGER article_search_on_version AFTER UPDATE OF title, text, language, published_at ON article_versions
                    FOR EACH ROW EXECUTE FUNCTION article_search_on_version();

                SELECT article_search_refresh(id) FROM articles WHERE current_version_id IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER article_search_on_version ON article_versions;
                DROP FUNCTION article_search_on_version();
                DROP TRIGGER article_search_on_article ON articles;
                DROP FUNCTION article_search_on_article();
                DROP FUNCTION article_search_refresh(uuid);
                DROP TABLE article_search;
                DROP FUNCTION archive_search_qualify(tsquery, text);
                DROP FUNCTION archive_search_qualify(tsvector, text);
                DROP FUNCTION archive_search_config(text);
                DROP FUNCTION archive_search_language(text);
                DROP FUNCTION archive_search_languages();
                """);
        }
    }
}
