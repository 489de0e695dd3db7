using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <summary>
    /// PostgreSQL's CPU per upload, cut where it does no work anyone reads (docs/performance.md, "Fourth round"). Settings of
    /// columns only: no stored row is rewritten, and rows written before keep their form (PostgreSQL reads both).
    /// <list type="bullet">
    /// <item>A capture's bytes are Brotli already: stored out of line without the pglz attempt PostgreSQL made on each.</item>
    /// <item>A version's texts and a search row's vectors are compressed with lz4 where the server has it (about twice as
    /// fast to write and faster to read than pglz, at a similar size); a server built without lz4 keeps pglz.</item>
    /// <item>No planner statistics for <c>article_search.pairs</c> alone: no query filters on the column by itself (search
    /// filters on <c>document || pairs</c>, whose statistics the expression index keeps), and computing them was about a
    /// third of every ANALYZE of the table, which autovacuum repeats at each tenth of growth.</item>
    /// </list>
    /// </summary>
    public partial class CheaperWritesAndAnalyze : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE captures ALTER COLUMN raw_compressed SET STORAGE EXTERNAL;
                ALTER TABLE article_search ALTER COLUMN pairs SET STATISTICS 0;
                DO $$
                BEGIN
                    ALTER TABLE article_versions ALTER COLUMN text SET COMPRESSION lz4, ALTER COLUMN html SET COMPRESSION lz4,
                        ALTER COLUMN page_text SET COMPRESSION lz4;
                    ALTER TABLE article_search ALTER COLUMN document SET COMPRESSION lz4, ALTER COLUMN pairs SET COMPRESSION lz4;
                EXCEPTION WHEN feature_not_supported THEN
                    RAISE NOTICE 'PostgreSQL was built without lz4: TOAST compression stays pglz';
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE captures ALTER COLUMN raw_compressed SET STORAGE EXTENDED;
                ALTER TABLE article_search ALTER COLUMN pairs SET STATISTICS -1;
                ALTER TABLE article_versions ALTER COLUMN text SET COMPRESSION default, ALTER COLUMN html SET COMPRESSION default,
                    ALTER COLUMN page_text SET COMPRESSION default;
                ALTER TABLE article_search ALTER COLUMN document SET COMPRESSION default, ALTER COLUMN pairs SET COMPRESSION default;
                """);
        }
    }
}
