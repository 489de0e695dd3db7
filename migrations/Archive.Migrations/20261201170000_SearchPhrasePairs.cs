using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <summary>
    /// Phrases answered by the index. GIN keeps no word positions, so a quoted phrase ("re considering") was checked by
    /// reading the vector of every article holding all its words, out of line: 15,000 vectors for two common words at 100k
    /// articles, over a second. Each search row now also keeps <c>pairs</c>, the lexemes at adjacent positions of its vector
    /// joined by a space (<c>'en:re consid'</c>; no parser token contains a space), and the GIN index covers
    /// <c>document || pairs</c>. A two-word phrase is exactly its pair, decided by the index alone; a longer one keeps its
    /// position check and gains its pairs as conditions (see <c>PhrasePairs</c>). Pairs come from the stored vector's own
    /// positions, so they agree with PostgreSQL's phrase operator to the letter, caps on positions included.
    /// </summary>
    public partial class SearchPhrasePairs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                -- Every pair of lexemes at positions p and p + 1, the first as stored ('en:re'), the second without its
                -- language code ('consid'): 'en:re consid'. No positions: a pair is a term of the index, not of ranking.
                CREATE FUNCTION archive_search_pairs(vector tsvector) RETURNS tsvector
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT coalesce(array_to_tsvector(array_agg(a.lexeme || ' ' || substr(b.lexeme, strpos(b.lexeme, ':') + 1))), '')
                    FROM (SELECT u.lexeme, p FROM unnest(vector) AS u, unnest(u.positions) AS p) AS a
                    JOIN (SELECT u.lexeme, p FROM unnest(vector) AS u, unnest(u.positions) AS p) AS b ON b.p = a.p + 1
                $$;

                ALTER TABLE article_search ADD COLUMN pairs tsvector NOT NULL DEFAULT '';
                UPDATE article_search SET pairs = archive_search_pairs(document);
                SET LOCAL maintenance_work_mem = '256MB';
                CREATE INDEX ix_article_search_terms ON article_search USING gin ((document || pairs));
                DROP INDEX ix_article_search_document;
                -- The planner's statistics of the indexed expression (each lexeme's and common pair's frequency) choose between
                -- the index and the walk down the time index (see SearchStore): have them before the first search.
                ANALYZE article_search;

                CREATE OR REPLACE FUNCTION article_search_refresh(article uuid) RETURNS void LANGUAGE sql AS $$
                    INSERT INTO article_search (article_id, version_id, publisher_id, language, sort_at, document, pairs)
                    SELECT r.id, r.version_id, r.publisher_id, r.code, r.sort_at, r.document, archive_search_pairs(r.document)
                    FROM (
                        SELECT a.id, v.id AS version_id, a.publisher_id, l.code, coalesce(v.published_at, v.captured_at) AS sort_at,
                               archive_search_qualify(
                                   setweight(to_tsvector(archive_search_config(l.code), coalesce(v.title, '')), 'A') ||
                                   setweight(to_tsvector(archive_search_config(l.code), left(v.text, 250000)), 'B'), l.code) AS document
                        FROM articles a JOIN article_versions v ON v.id = a.current_version_id
                        CROSS JOIN LATERAL (SELECT archive_search_language(v.language) AS code) AS l
                        WHERE a.id = article) AS r
                    ON CONFLICT (article_id) DO UPDATE SET version_id = excluded.version_id, publisher_id = excluded.publisher_id,
                        language = excluded.language, sort_at = excluded.sort_at, document = excluded.document, pairs = excluded.pairs;
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION article_search_refresh(article uuid) RETURNS void LANGUAGE sql AS $$
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
                CREATE INDEX ix_article_search_document ON article_search USING gin (document);
                DROP INDEX ix_article_search_terms;
                ALTER TABLE article_search DROP COLUMN pairs;
                DROP FUNCTION archive_search_pairs(tsvector);
                """);
        }
    }
}
