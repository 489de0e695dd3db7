using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class LineageTrust : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "basis",
                table: "lineage_links",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "claimed");

            migrationBuilder.AddColumn<string>(
                name: "declared_by",
                table: "lineage_links",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "none");

            migrationBuilder.AddColumn<string>(
                name: "reuse",
                table: "lineage_links",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "verbatim");

            migrationBuilder.AddColumn<string>(
                name: "page_text",
                table: "article_versions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "trusted",
                table: "api_keys",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "site_paragraphs",
                columns: table => new
                {
                    publisher_id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<long>(type: "bigint", nullable: false),
                    article_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_site_paragraphs", x => new { x.publisher_id, x.key, x.article_id });
                    table.ForeignKey(
                        name: "fk_site_paragraphs_articles_article_id",
                        column: x => x.article_id,
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_site_paragraphs_publishers_publisher_id",
                        column: x => x.publisher_id,
                        principalTable: "publishers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_captures_submitted_by",
                table: "captures",
                column: "submitted_by");

            migrationBuilder.CreateIndex(
                name: "ix_site_paragraphs_article_id",
                table: "site_paragraphs",
                column: "article_id");

            // Lineage is derived data: every article owes an update that fills its site paragraphs and recomputes its links
            // with the two axes and their provenance. The sweeper runs them (queued in the past, so at its first pass).
            migrationBuilder.Sql("""
                INSERT INTO pending_lineage (article_id, queued_at)
                SELECT id, now() - interval '1 day' FROM articles WHERE current_version_id IS NOT NULL
                ON CONFLICT (article_id) DO NOTHING
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "site_paragraphs");

            migrationBuilder.DropIndex(
                name: "ix_captures_submitted_by",
                table: "captures");

            migrationBuilder.DropColumn(
                name: "basis",
                table: "lineage_links");

            migrationBuilder.DropColumn(
                name: "declared_by",
                table: "lineage_links");

            migrationBuilder.DropColumn(
                name: "reuse",
                table: "lineage_links");

            migrationBuilder.DropColumn(
                name: "page_text",
                table: "article_versions");

            migrationBuilder.DropColumn(
                name: "trusted",
                table: "api_keys");
        }
    }
}
