using Archive.Api.Tests.Infrastructure;
using Archive.Data;
using Npgsql;
using NpgsqlTypes;

namespace Archive.Api.Tests.Storage;

/// <summary>
/// <see cref="PositionalSql"/> rewrites a statement's named parameters once, as Npgsql did at every call: each <c>@name</c>
/// becomes its position, and nothing else changes (quoted text, comments, operators with an at sign, longer names that
/// start alike). It takes the same named parameters as the named form and sends each at its name's position, so a statement
/// has one parameter builder whichever form it is sent in.
/// </summary>
public sealed class PositionalSqlTests(ArchiveApiFactory factory) : IClassFixture<ArchiveApiFactory>
{
    [Fact]
    public void Named_parameters_become_their_positions_and_nothing_else_changes()
    {
        const string sql = """
            SELECT a FROM t WHERE x = @article_id AND u = @article_url AND '@article_id' <> "@x" -- @nothing here
            AND v @@ to_tsquery(@article_url) AND w @> ARRAY[@article_id]::uuid[] AND e='a@b'
            """;
        var positional = PositionalSql.Of(sql);
        Assert.Equal("""
            SELECT a FROM t WHERE x = $1 AND u = $2 AND '@article_id' <> "@x" -- @nothing here
            AND v @@ to_tsquery($2) AND w @> ARRAY[$1]::uuid[] AND e='a@b'
            """, positional.Text);
        Assert.Equal(["article_id", "article_url"], positional.Names);
    }

    [Fact]
    public void The_candidate_lookup_keeps_its_text_with_positions_for_names()
    {
        var positional = PositionalSql.Of(FingerprintSql.Candidates);
        Assert.DoesNotContain("@", positional.Text, StringComparison.Ordinal);
        var named = positional.Text;
        for (var i = positional.Names.Count; i >= 1; i--)
        {
            named = named.Replace($"${i}", "@" + positional.Names[i - 1], StringComparison.Ordinal);
        }
        Assert.Equal(FingerprintSql.Candidates, named);
    }

    [Fact]
    public void Named_parameters_are_placed_at_their_names_positions_whatever_order_they_are_given_in()
    {
        var statement = PositionalSql.Of("SELECT @b, @a, @b");
        var command = statement.Command(Integer("a", 1), Integer("b", 2));
        Assert.Equal([2, 1], command.Parameters.Select(p => (int)p.Value!));
        Assert.All(command.Parameters, p => Assert.Equal(string.Empty, p.ParameterName));
    }

    [Fact]
    public void A_name_given_twice_is_sent_once_when_its_values_agree_and_refused_when_they_do_not()
    {
        var statement = PositionalSql.Of("SELECT @keys, @id");
        var command = statement.Command(Keys("keys", [1, 2]), Integer("id", 7), Keys("keys", [1, 2]));
        Assert.Equal(2, command.Parameters.Count);
        Assert.Throws<ArgumentException>(() => statement.Command(Keys("keys", [1, 2]), Integer("id", 7), Keys("keys", [1, 3])));
        Assert.Throws<ArgumentException>(() => statement.Command(Integer("keys", 1), Integer("id", 7), Keys("keys", [1])));
    }

    [Fact]
    public void A_name_missing_or_not_in_the_statement_is_refused()
    {
        var statement = PositionalSql.Of("SELECT @a, @b");
        Assert.Throws<ArgumentException>(() => statement.Command(Integer("a", 1)));
        Assert.Throws<ArgumentException>(() => statement.Command(Integer("a", 1), Integer("b", 2), Integer("c", 3)));
    }

    [Fact]
    public async Task PostgreSQL_receives_each_value_at_its_names_place()
    {
        var statement = PositionalSql.Of("SELECT @text || ':' || @number::text || ':' || cardinality(@keys)::text, @number + 1");
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                statement.Command(Keys("keys", [4, 5, 6]), new NpgsqlParameter("text", NpgsqlDbType.Text) { Value = "x" },
                    Integer("number", 41)),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("x:41:3", reader.GetString(0));
        Assert.Equal(42, reader.GetInt32(1));
    }

    private static NpgsqlParameter Integer(string name, int value) => new(name, NpgsqlDbType.Integer) { Value = value };

    private static NpgsqlParameter Keys(string name, long[] keys) => new(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = keys };
}
