using Archive.Data;

namespace Archive.Api.Tests.Storage;

/// <summary>
/// <see cref="PositionalSql"/> rewrites a statement's named parameters once, as Npgsql did at every call: each <c>@name</c>
/// becomes its position, and nothing else changes (quoted text, comments, operators with an at sign, longer names that
/// start alike).
/// </summary>
public sealed class PositionalSqlTests
{
    [Fact]
    public void Named_parameters_become_their_positions_and_nothing_else_changes()
    {
        const string sql = """
            SELECT a FROM t WHERE x = @article_id AND u = @article_url AND '@article_id' <> "@x" -- @nothing here
            AND v @@ to_tsquery(@article_url) AND w @> ARRAY[@article_id]::uuid[] AND e='a@b'
            """;
        Assert.Equal("""
            SELECT a FROM t WHERE x = $2 AND u = $1 AND '@article_id' <> "@x" -- @nothing here
            AND v @@ to_tsquery($1) AND w @> ARRAY[$2]::uuid[] AND e='a@b'
            """, PositionalSql.Of(sql, "article_url", "article_id"));
    }

    [Fact]
    public void A_name_not_given_or_not_used_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PositionalSql.Of("SELECT @a, @b", "a"));
        Assert.Throws<ArgumentException>(() => PositionalSql.Of("SELECT @a", "a", "b"));
    }

    [Fact]
    public void The_candidate_lookup_keeps_its_text_with_positions_for_names()
    {
        var positional = PositionalSql.Of(FingerprintSql.Candidates, "keys", "article_id", "min_shared", "key_limit");
        Assert.DoesNotContain("@", positional, StringComparison.Ordinal);
        Assert.Equal(FingerprintSql.Candidates, positional.Replace("$1", "@keys", StringComparison.Ordinal)
            .Replace("$2", "@article_id", StringComparison.Ordinal).Replace("$3", "@min_shared", StringComparison.Ordinal)
            .Replace("$4", "@key_limit", StringComparison.Ordinal));
    }
}
