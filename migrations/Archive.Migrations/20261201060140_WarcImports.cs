using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class WarcImports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "request_headers",
                table: "captures",
                type: "jsonb",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "imported_records",
                columns: table => new
                {
                    record_id = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    payload_digest = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    capture_id = table.Column<Guid>(type: "uuid", nullable: false),
                    import_id = table.Column<Guid>(type: "uuid", nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_imported_records", x => x.record_id);
                    table.ForeignKey(
                        name: "fk_imported_records_captures_capture_id",
                        column: x => x.capture_id,
                        principalTable: "captures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "imports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    file_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    submitted_by = table.Column<string>(type: "text", nullable: true),
                    spool_path = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    bytes_total = table.Column<long>(type: "bigint", nullable: false),
                    bytes_read = table.Column<long>(type: "bigint", nullable: false),
                    records = table.Column<int>(type: "integer", nullable: false),
                    imported = table.Column<int>(type: "integer", nullable: false),
                    duplicates = table.Column<int>(type: "integer", nullable: false),
                    skipped = table.Column<int>(type: "integer", nullable: false),
                    failed = table.Column<int>(type: "integer", nullable: false),
                    problems = table.Column<string>(type: "jsonb", nullable: false),
                    error = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_imports", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_imported_records_capture_id",
                table: "imported_records",
                column: "capture_id");

            migrationBuilder.CreateIndex(
                name: "ix_imports_state",
                table: "imports",
                column: "state");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "imported_records");

            migrationBuilder.DropTable(
                name: "imports");

            migrationBuilder.DropColumn(
                name: "request_headers",
                table: "captures");
        }
    }
}
