using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <summary>
    /// The languages the archive holds articles in, found by a loose scan of this index (one probe a language): a query is read
    /// only in those languages, not in all 29 (see <c>SearchStore</c>). Every reading is a term of the text index's scan, checked
    /// for each matching row, so readings that cannot match slowed every search.
    /// </summary>
    public partial class SearchLanguageIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE INDEX ix_article_search_language ON article_search (language);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_article_search_language;");
        }
    }
}
