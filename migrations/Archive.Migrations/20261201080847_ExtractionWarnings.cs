using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ExtractionWarnings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "extraction_confidence",
                table: "article_versions",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string[]>(
                name: "warnings",
                table: "article_versions",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "extraction_confidence",
                table: "article_versions");

            migrationBuilder.DropColumn(
                name: "warnings",
                table: "article_versions");
        }
    }
}
