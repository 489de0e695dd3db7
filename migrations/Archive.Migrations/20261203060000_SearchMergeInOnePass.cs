using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <summary>
    /// The search indexer's inserts fill the GIN index's pending list, and the insert that overflows it (4 MB,
    /// <c>gin_pending_list_limit</c>) merges the list into the index in the indexer's own backend. That merge gathers the
    /// list's entries in memory up to <c>work_mem</c> (4 MB) and writes them to the index each time the memory is full:
    /// with real pages a 4 MB list took several passes, and every word common to the passes (most of the language's
    /// frequent words) had its posting list rewritten and WAL-logged once per pass. With 16 MB for the indexer's function a
    /// list merges in one pass: over 1,251 real-page rows into the bench's index, 15% less WAL and ~5% less CPU for the
    /// GIN insert (bench/results/load-2026-12-03.md, idx21). One indexer runs at a time (an advisory lock), so this is at
    /// most 16 MB more for one backend. Same index, same rows: only the order of the merge's writes changes.
    /// </summary>
    public partial class SearchMergeInOnePass : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER FUNCTION article_search_index_owed(integer, bigint, uuid[]) SET work_mem = '16MB';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER FUNCTION article_search_index_owed(integer, bigint, uuid[]) RESET work_mem;");
        }
    }
}
