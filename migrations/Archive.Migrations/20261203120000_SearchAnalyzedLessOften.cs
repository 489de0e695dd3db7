using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <summary>
    /// Autovacuum's largest job is ANALYZE of <c>article_search</c> (docs/performance.md, pgsrv22 and idx23): the terms index's
    /// statistics target (400, SearchTermStatistics) makes it sample 120,000 rows, so the whole table until it is that large,
    /// computing <c>document || pairs</c> for each row and counting ~1,054 lexemes and pairs a row. Two settings, no row
    /// rewritten, and the statistics search reads (the index expression's) are the same:
    /// <list type="bullet">
    /// <item>No statistics for <c>document</c> alone, as for <c>pairs</c> (CheaperWritesAndAnalyze): no statement filters on the
    /// column by itself since search estimates and reads <c>document || pairs</c>; ANALYZE detoasted each sampled row's
    /// vector a second time and counted its ~457 lexemes for a list nothing read.</item>
    /// <item>Analyzed after half its size again has been written (<c>autovacuum_analyze_scale_factor</c> 0.5) instead of a
    /// tenth: below 120,000 rows each ANALYZE re-reads the whole table, so a tenth made it read ~11 rows for each row
    /// inserted, a half ~3. What the planner needs of the statistics are each term's share of the rows, which a growing
    /// archive changes slowly; the row count it scales them by is the table's current size (pages, and <c>reltuples</c>, which
    /// the insert-driven VACUUM also refreshes at each fifth of growth). A share gathered when the table held two thirds of
    /// its rows overstates a word that stopped appearing since by at most 1.5 times, inside the twice the window that
    /// <c>SearchSlice</c> sizes its slice for; a word new since is at the planner's floor, which search counts. A fresh
    /// archive is unchanged in its first minutes: a table never analyzed counts as empty, so its first ANALYZE still comes
    /// after 50 rows, at autovacuum's first visit.</item>
    /// </list>
    /// </summary>
    public partial class SearchAnalyzedLessOften : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE article_search ALTER COLUMN document SET STATISTICS 0;
                ALTER TABLE article_search SET (autovacuum_analyze_scale_factor = 0.5);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE article_search ALTER COLUMN document SET STATISTICS -1;
                ALTER TABLE article_search RESET (autovacuum_analyze_scale_factor);
                """);
        }
    }
}
