using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <summary>
    /// The row triggers of CapturesAreImmutable refuse UPDATE and DELETE, but TRUNCATE fires no row trigger: it emptied the
    /// table (and, with CASCADE from a table captures refer to, does so without naming it). A statement trigger refuses it,
    /// as the log's tables already do.
    /// </summary>
    public partial class CapturesAreNeverTruncated : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION captures_are_never_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'captures are immutable: TRUNCATE refused on %', TG_TABLE_NAME
                        USING ERRCODE = 'integrity_constraint_violation';
                END;
                $$;
                CREATE TRIGGER captures_are_never_truncated BEFORE TRUNCATE ON captures
                    FOR EACH STATEMENT EXECUTE FUNCTION captures_are_never_truncated();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER captures_are_never_truncated ON captures;
                DROP FUNCTION captures_are_never_truncated();
                """);
        }
    }
}
