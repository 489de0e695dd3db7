using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <summary>
    /// The transparency log: entries owed in the transaction of what they record (log_pending), integrated entries at dense
    /// indexes, tiles of tree hashes and signed checkpoints. The database itself keeps the log append-only: entries and
    /// checkpoints refuse UPDATE and DELETE, and a tile may only grow by hashes appended after the ones it holds.
    /// </summary>
    public partial class TransparencyLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "log_checkpoints",
                columns: table => new
                {
                    tree_size = table.Column<long>(type: "bigint", nullable: false),
                    root_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    note = table.Column<string>(type: "text", nullable: false),
                    signed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_log_checkpoints", x => x.tree_size);
                });

            migrationBuilder.CreateTable(
                name: "log_entries",
                columns: table => new
                {
                    idx = table.Column<long>(type: "bigint", nullable: false),
                    entry = table.Column<byte[]>(type: "bytea", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    capture_id = table.Column<Guid>(type: "uuid", nullable: true),
                    article_ids = table.Column<Guid[]>(type: "uuid[]", nullable: false),
                    content_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: true),
                    raw_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: true),
                    logged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_log_entries", x => x.idx);
                });

            migrationBuilder.CreateTable(
                name: "log_pending",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    entry = table.Column<byte[]>(type: "bytea", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    capture_id = table.Column<Guid>(type: "uuid", nullable: true),
                    article_ids = table.Column<Guid[]>(type: "uuid[]", nullable: false),
                    content_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: true),
                    raw_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: true),
                    queued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_log_pending", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "log_tiles",
                columns: table => new
                {
                    level = table.Column<int>(type: "integer", nullable: false),
                    idx = table.Column<long>(type: "bigint", nullable: false),
                    hashes = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_log_tiles", x => new { x.level, x.idx });
                });

            migrationBuilder.CreateIndex(
                name: "ix_log_entries_article_ids",
                table: "log_entries",
                column: "article_ids")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_log_entries_capture_id",
                table: "log_entries",
                column: "capture_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_log_entries_content_hash",
                table: "log_entries",
                column: "content_hash");

            migrationBuilder.CreateIndex(
                name: "ix_log_entries_raw_hash",
                table: "log_entries",
                column: "raw_hash");

            // Hashes do not compress: store tiles out of line without trying (each pass rewrites the growing ones).
            migrationBuilder.Sql("ALTER TABLE log_tiles ALTER COLUMN hashes SET STORAGE EXTERNAL;");

            migrationBuilder.Sql("""
                CREATE FUNCTION log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'log_tiles' THEN
                        IF NEW.level = OLD.level AND NEW.idx = OLD.idx AND length(NEW.hashes) >= length(OLD.hashes)
                           AND substring(NEW.hashes FROM 1 FOR length(OLD.hashes)) = OLD.hashes THEN
                            RETURN NEW;
                        END IF;
                    END IF;
                    RAISE EXCEPTION 'the transparency log is append-only: % refused on %', TG_OP, TG_TABLE_NAME
                        USING ERRCODE = 'integrity_constraint_violation';
                END;
                $$;
                CREATE TRIGGER log_entries_are_immutable BEFORE UPDATE OR DELETE ON log_entries
                    FOR EACH ROW EXECUTE FUNCTION log_is_append_only();
                CREATE TRIGGER log_checkpoints_are_immutable BEFORE UPDATE OR DELETE ON log_checkpoints
                    FOR EACH ROW EXECUTE FUNCTION log_is_append_only();
                CREATE TRIGGER log_tiles_only_grow BEFORE UPDATE OR DELETE ON log_tiles
                    FOR EACH ROW EXECUTE FUNCTION log_is_append_only();
                CREATE TRIGGER log_is_never_truncated BEFORE TRUNCATE ON log_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION log_is_append_only();
                CREATE TRIGGER log_checkpoints_are_never_truncated BEFORE TRUNCATE ON log_checkpoints
                    FOR EACH STATEMENT EXECUTE FUNCTION log_is_append_only();
                CREATE TRIGGER log_tiles_are_never_truncated BEFORE TRUNCATE ON log_tiles
                    FOR EACH STATEMENT EXECUTE FUNCTION log_is_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER log_entries_are_immutable ON log_entries;
                DROP TRIGGER log_checkpoints_are_immutable ON log_checkpoints;
                DROP TRIGGER log_tiles_only_grow ON log_tiles;
                DROP TRIGGER log_is_never_truncated ON log_entries;
                DROP TRIGGER log_checkpoints_are_never_truncated ON log_checkpoints;
                DROP TRIGGER log_tiles_are_never_truncated ON log_tiles;
                DROP FUNCTION log_is_append_only();
                """);

            migrationBuilder.DropTable(
                name: "log_checkpoints");

            migrationBuilder.DropTable(
                name: "log_entries");

            migrationBuilder.DropTable(
                name: "log_pending");

            migrationBuilder.DropTable(
                name: "log_tiles");
        }
    }
}
