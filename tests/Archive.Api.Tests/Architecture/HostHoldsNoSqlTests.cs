using System.Text.RegularExpressions;

namespace Archive.Api.Tests.Architecture;

/// <summary>
/// The host orchestrates; every SQL statement and advisory-lock key lives in Archive.Data, one store per aggregate. This
/// fails when a string under src/Archive.Api reads as SQL, or when host code reaches for a raw-SQL API.
/// </summary>
public sealed partial class HostHoldsNoSqlTests
{
    /// <summary>Statement shapes as the project writes SQL (keywords upper-case), and names that only SQL uses.</summary>
    [GeneratedRegex("""
        \b(SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|WITH\s+RECURSIVE|TRUNCATE|ALTER\s+(TABLE|DATABASE)
          |CREATE\s+(TABLE|DATABASE|INDEX|EXTENSION|TRIGGER|FUNCTION)|DROP\s+(TABLE|DATABASE|INDEX)|ON\s+CONFLICT|FOR\s+UPDATE)\b
        | (?i:\b(insert\s+into|delete\s+from|pg_advisory\w*|pg_try_advisory\w*|set_config|pg_database|hashtextextended)\b)
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex SqlText();

    /// <summary>APIs that send SQL text the caller wrote, and SQLSTATE codes spelled as strings.</summary>
    [GeneratedRegex(@"\b(ExecuteSql\w*|SqlQuery\w*|FromSql\w*|NpgsqlCommand|NpgsqlBatch\w*|NpgsqlConnection|PostgresException)\b")]
    private static partial Regex RawSqlApi();

    public static IEnumerable<string> Violations(string projectDirectory)
    {
        foreach (var file in SourceScan.SourceFiles(projectDirectory))
        {
            var (code, strings) = SourceScan.Split(File.ReadAllText(file));
            var name = Path.GetRelativePath(projectDirectory, file);
            foreach (var text in strings.Where(s => SqlText().IsMatch(s)))
            {
                yield return $"{name}: SQL in a string: {Shorten(text)}";
            }
            foreach (Match match in RawSqlApi().Matches(code))
            {
                yield return $"{name}: raw SQL API {match.Value}";
            }
        }
    }

    [Fact]
    public void No_SQL_string_or_raw_SQL_call_under_src_Archive_Api()
    {
        var api = Path.Combine(SourceScan.RepositoryRoot(), "src", "Archive.Api");
        Assert.True(Directory.Exists(api), api);
        Assert.NotEmpty(SourceScan.SourceFiles(api));
        Assert.Empty(Violations(api));
    }

    [Theory]
    [InlineData("""var n = await db.Database.ExecuteSqlAsync($"DELETE FROM jobs WHERE id = {id}");""")]
    [InlineData("""const string Lock = "SELECT pg_advisory_xact_lock($1)";""")]
    [InlineData("var q = \"\"\"\n    select 1\n    from jobs where state = 'queued'\n    ON CONFLICT DO NOTHING\n    \"\"\";")]
    [InlineData("""var s = @"insert into t values (1)";""")]
    [InlineData("""catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: "23505" }) { }""")]
    public void The_scan_finds_SQL_written_in_any_literal_form(string source) => Assert.NotEmpty(ViolationsIn(source));

    [Theory]
    [InlineData("// SELECT * FROM jobs, in a comment, is a note about SQL, not SQL\nvar url = \"http://example.com/select\"; var title = \"Select a page to update\";")]
    [InlineData("/// <summary>Leased with FOR UPDATE SKIP LOCKED in JobStore.</summary>\npublic Task<Job?> LeaseAsync() => store.LeaseOneAsync();")]
    [InlineData("""var x = 'S'; var y = $"{x}ELECTED";""")]
    public void The_scan_leaves_comments_and_prose_alone(string source) => Assert.Empty(ViolationsIn(source));

    /// <summary>The violations of one source file, written to a folder of its own.</summary>
    private static List<string> ViolationsIn(string source)
    {
        var dir = Directory.CreateTempSubdirectory("archive-arch-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "Sample.cs"), source);
            return [.. Violations(dir.FullName)];
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Shorten(string text)
    {
        var line = Regex.Replace(text, @"\s+", " ").Trim();
        return line.Length <= 80 ? line : line[..80] + "…";
    }
}
