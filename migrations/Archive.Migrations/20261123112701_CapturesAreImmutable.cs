using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <summary>
    /// Captures are evidence: the database itself refuses to change or delete one, whatever code runs against it.
    /// </summary>
    public partial class CapturesAreImmutable : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION captures_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'captures are immutable: % refused on capture %', TG_OP, OLD.id
                        USING ERRCODE = 'integrity_constraint_violation';
                END;
                $$;
                CREATE TRIGGER captures_are_immutable BEFORE UPDATE OR DELETE ON captures
                    FOR EACH ROW EXECUTE FUNCTION captures_are_immutable();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER captures_are_immutable ON captures;
                DROP FUNCTION captures_are_immutable();
                """);
        }
    }
}
