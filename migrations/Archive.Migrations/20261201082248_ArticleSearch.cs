using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <summary>
    /// Full-text search over each article's current version: one row per article in <c>article_search</c> with a tsvector
    /// built in the version's own language (title weighted above text), kept by triggers in the same transaction as the
    /// write that changes it. Derived data: the table is rebuilt from articles and versions at any time (see the backfill).
    /// The table is not part of the EF model: only <c>SearchStore</c> reads it.
    /// </summary>
    public partial class ArticleSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                -- A version's language tag (en, en-US, de_DE, pt-BR...) to the PostgreSQL text search configuration that stems it;
                -- 'simple' (lower-case, no stemming, no stop words) for any language PostgreSQL has no dictionary for.
                CREATE FUNCTION archive_search_config(language text) RETURNS regconfig
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT CASE lower(split_part(split_part(coalesce(language, ''), '-', 1), '_', 1))
                        WHEN 'ar' THEN 'pg_catalog.arabic'      WHEN 'hy' THEN 'pg_catalog.armenian'
                        WHEN 'eu' THEN 'pg_catalog.basque'      WHEN 'ca' THEN 'pg_catalog.catalan'
                        WHEN 'da' THEN 'pg_catalog.danish'      WHEN 'nl' THEN 'pg_catalog.dutch'
                        WHEN 'en' THEN 'pg_catalog.english'     WHEN 'fi' THEN 'pg_catalog.finnish'
                        WHEN 'fr' THEN 'pg_catalog.french'      WHEN 'de' THEN 'pg_catalog.german'
                        WHEN 'el' THEN 'pg_catalog.greek'       WHEN 'hi' THEN 'pg_catalog.hindi'
                        WHEN 'hu' THEN 'pg_catalog.hungarian'   WHEN 'id' THEN 'pg_catalog.indonesian'
                        WHEN 'ga' THEN 'pg_catalog.irish'       WHEN 'it' THEN 'pg_catalog.italian'
                        WHEN 'lt' THEN 'pg_catalog.lithuanian'  WHEN 'ne' THEN 'pg_catalog.nepali'
                        WHEN 'no' THEN 'pg_catalog.norwegian'   WHEN 'nb' THEN 'pg_catalog.norwegian'
                        WHEN 'nn' THEN 'pg_catalog.norwegian'   WHEN 'pt' THEN 'pg_catalog.portuguese'
                        WHEN 'ro' THEN 'pg_catalog.romanian'    WHEN 'ru' THEN 'pg_catalog.russian'
                        WHEN 'sr' THEN 'pg_catalog.serbian'     WHEN 'es' THEN 'pg_catalog.spanish'
                        WHEN 'sv' THEN 'pg_catalog.swedish'     WHEN 'ta' THEN 'pg_catalog.tamil'
                        WHEN 'tr' THEN 'pg_catalog.turkish'     WHEN 'yi' THEN 'pg_catalog.yiddish'
                        ELSE 'pg_catalog.simple' END::regconfig
                $$;

                CREATE TABLE article_search (
                    article_id uuid PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
                    version_id uuid NOT NULL,
                    publisher_id uuid,
                    config regconfig NOT NULL,
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
                    INSERT INTO article_search (article_id, version_id, publisher_id, config, sort_at, document)
                    SELECT a.id, v.id, a.publisher_id, archive_search_config(v.language), coalesce(v.published_at, v.captured_at),
                           setweight(to_tsvector(archive_search_config(v.language), coalesce(v.title, '')), 'A') ||
                           setweight(to_tsvector(archive_search_config(v.language), left(v.text, 250000)), 'B') ||
                           -- The language as a lexeme of its own ('~english'), so a query matches each article only in the
                           -- query's reading for that article's language, inside the GIN index (see SearchStore).
                           array_to_tsvector(ARRAY['~' || archive_search_config(v.language)::text])
                    FROM articles a JOIN article_versions v ON v.id = a.current_version_id
                    WHERE a.id = article
                    ON CONFLICT (article_id) DO UPDATE SET version_id = excluded.version_id, publisher_id = excluded.publisher_id,
                        config = excluded.config, sort_at = excluded.sort_at, document = excluded.document;
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
                DROP FUNCTION archive_search_config(text);
                """);
        }
    }
}
