using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <summary>
    /// Lineage's key tables lose their foreign keys: each key row's insert ran a trigger that looked up and share-locked the
    /// article (and, for site paragraphs, the publisher), ~300 trigger calls per real-page upload, a third of what writing
    /// the rows cost. The rows are derived data written by lineage after it read the article; articles and publishers are
    /// never deleted (docs/performance.md). Only constraints are dropped: no row is rewritten.
    /// </summary>
    public partial class LineageKeysWithoutForeignKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_fingerprint_keys_articles_article_id",
                table: "fingerprint_keys");

            migrationBuilder.DropForeignKey(
                name: "fk_site_paragraphs_articles_article_id",
                table: "site_paragraphs");

            migrationBuilder.DropForeignKey(
                name: "fk_site_paragraphs_publishers_publisher_id",
                table: "site_paragraphs");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddForeignKey(
                name: "fk_fingerprint_keys_articles_article_id",
                table: "fingerprint_keys",
                column: "article_id",
                principalTable: "articles",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_site_paragraphs_articles_article_id",
                table: "site_paragraphs",
                column: "article_id",
                principalTable: "articles",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_site_paragraphs_publishers_publisher_id",
                table: "site_paragraphs",
                column: "publisher_id",
                principalTable: "publishers",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
