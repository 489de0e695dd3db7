using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <summary>
    /// Planner statistics of the search index's expression (<c>document || pairs</c>) from 400 as the statistics target
    /// instead of the default 100. ANALYZE keeps ten lexemes a unit of the target, the most common; the planner prices every
    /// other lexeme at the floor, half the least frequent one kept and at most 0.5%. At 100k articles the default's 1,000
    /// lexemes reached down to words in 6.7% of the articles, so a word in 4–5% of them (<c>coordinators</c>, <c>volume</c>,
    /// <c>renting</c>) was estimated at 500 matches, under <c>SearchSlice.CountedUpTo</c>, and searched over the whole archive,
    /// visiting every match's row (4,582 for <c>coordinators</c>) instead of the newest slice's. With 4,000 lexemes the list
    /// reaches down to 1% (those words are estimated at their counts). The cost is ANALYZE's: it samples 300 rows a unit of
    /// the target, so from 30,000 rows the table's whole 100k (about four times the CPU at that size; the same below 30,000
    /// rows), and planning a search reads a list four times as long. Uploads write no more. See docs/performance.md.
    /// The statistics are gathered by SearchTermStatisticsGathered: an ANALYZE here, on the connection that altered the
    /// index, read the old target (see there).
    /// </summary>
    public partial class SearchTermStatistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER INDEX ix_article_search_terms ALTER COLUMN 1 SET STATISTICS 400;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER INDEX ix_article_search_terms ALTER COLUMN 1 SET STATISTICS -1;
                """);
        }
    }
}
