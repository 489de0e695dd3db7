using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <summary>
    /// The qualifier that prefixes every lexeme of a new search row with its language ran a regular expression over the
    /// vector's text; a plain replace of each entry's opening quote does the same work in about half the time (docs/performance.md).
    /// Entries of a vector's text are separated by one space and each opens with its quoted lexeme, so " '" opens an entry
    /// unless a lexeme itself holds a space followed by a quote: no parser emits one, and where a vector has one (counted
    /// exactly: the occurrences exceed the lexemes) the regular expression still runs. Same vectors: SearchVectorFormsTests
    /// holds the first form as reference. Only the function changes: no stored row is rewritten.
    /// </summary>
    public partial class SearchQualifyByReplace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION archive_search_qualify(vector tsvector, code text) RETURNS tsvector
                LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
                DECLARE
                    entries text := ' ' || vector::text;
                BEGIN
                    IF length(entries) - length(replace(entries, ' ''', '')) = 2 * length(vector) THEN
                        RETURN substr(replace(entries, ' ''', ' ''' || replace(replace(code, '\', '\\'), '''', '''''') || ':'), 2)::tsvector;
                    END IF;
                    RETURN regexp_replace(vector::text, '''((?:[^'']|'''')*)''',
                        '''' || replace(replace(replace(code, '\', '\\'), '''', ''''''), '\', '\\') || ':\1''', 'g')::tsvector;
                END;
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION archive_search_qualify(vector tsvector, code text) RETURNS tsvector
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT regexp_replace(vector::text, '''((?:[^'']|'''')*)''',
                        '''' || replace(replace(replace(code, '\', '\\'), '''', ''''''), '\', '\\') || ':\1''', 'g')::tsvector
                $$;
                """);
        }
    }
}
