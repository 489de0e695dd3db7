using Npgsql;

namespace Archive.Data;

/// <summary>
/// A statement written with named parameters (<c>@name</c>, shared fragments such as <see cref="FingerprintSql.Candidates"/>),
/// rewritten once into positional ones (<c>$1</c>, <c>$2</c>…, numbered by first appearance) and given the same named
/// parameters as the named form (<see cref="Command"/>): one builder serves both forms, and no list of positions is kept by
/// hand. Npgsql parses and rewrites a statement with named parameters at every call (its <c>SqlQueryParser</c>, ~13 µs for
/// the no-family check: docs/performance.md, svc35); one with positional parameters, sent with unnamed parameters in the same
/// order, is sent as written.
/// </summary>
internal sealed class PositionalSql
{
    private readonly string[] names;

    private PositionalSql(string text, string[] names)
    {
        Text = text;
        this.names = names;
    }

    /// <summary>The statement with each <c>@name</c> replaced by its position.</summary>
    public string Text { get; }

    /// <summary>The names the statement uses, the first at position 1.</summary>
    public IReadOnlyList<string> Names => names;

    /// <summary><paramref name="sql"/> with each <c>@name</c> outside quotes and comments replaced by <c>$n</c>, where
    /// <c>name</c> is the n-th distinct name to appear.</summary>
    public static PositionalSql Of(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var names = new List<string>();
        var text = new System.Text.StringBuilder(sql.Length);
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"')
            {
                var end = sql.IndexOf(c, i + 1);
                end = end < 0 ? sql.Length : end + 1;
                text.Append(sql, i, end - i);
                i = end;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var end = sql.IndexOf('\n', i);
                end = end < 0 ? sql.Length : end;
                text.Append(sql, i, end - i);
                i = end;
            }
            else if (c == '@' && i + 1 < sql.Length && IsNameStart(sql[i + 1]) && (i == 0 || !IsNamePart(sql[i - 1])))
            {
                var end = i + 1;
                while (end < sql.Length && IsNamePart(sql[end]))
                {
                    end++;
                }
                var name = sql[(i + 1)..end];
                var index = names.IndexOf(name);
                if (index < 0)
                {
                    index = names.Count;
                    names.Add(name);
                }
                text.Append('$').Append(index + 1);
                i = end;
            }
            else
            {
                text.Append(c);
                i++;
            }
        }
        return new PositionalSql(text.ToString(), [.. names]);
    }

    /// <summary>
    /// The statement with <paramref name="parameters"/> — named as for the named form, by the builders that form uses — each
    /// at its name's position and unnamed. A name given twice (two builders sharing one, such as the article's id) must carry
    /// equal values; one is sent.
    /// </summary>
    /// <exception cref="ArgumentException">A name the statement uses is not given, a name given is not in it, or one name is
    /// given with two different values.</exception>
    public NpgsqlBatchCommand Command(params IEnumerable<NpgsqlParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var placed = new NpgsqlParameter?[names.Length];
        foreach (var parameter in parameters)
        {
            var name = parameter.ParameterName.TrimStart('@');
            var index = Array.IndexOf(names, name);
            if (index < 0)
            {
                throw new ArgumentException($"@{name} is not in the statement.", nameof(parameters));
            }
            if (placed[index] is { } earlier)
            {
                if (!ValuesEqual(earlier.Value, parameter.Value) || earlier.NpgsqlDbType != parameter.NpgsqlDbType)
                {
                    throw new ArgumentException($"@{name} is given twice with different values.", nameof(parameters));
                }
                continue;
            }
            placed[index] = parameter;
        }
        var command = new NpgsqlBatchCommand(Text);
        for (var i = 0; i < placed.Length; i++)
        {
            var parameter = placed[i] ?? throw new ArgumentException($"@{names[i]} is not given.", nameof(parameters));
            // Unnamed, so Npgsql sends the text as written and binds by position.
            parameter.ParameterName = string.Empty;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static bool ValuesEqual(object? a, object? b) =>
        Equals(a, b) || (a is Array x && b is Array y && System.Collections.StructuralComparisons.StructuralEqualityComparer.Equals(x, y));

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
