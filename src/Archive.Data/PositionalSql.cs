namespace Archive.Data;

/// <summary>
/// SQL written with named parameters (<c>@name</c>, shared fragments such as <see cref="FingerprintSql.Candidates"/>) as
/// positional parameters (<c>$1</c>, <c>$2</c>…), rewritten once. Npgsql parses and rewrites a statement with named
/// parameters at every call (its <c>SqlQueryParser</c>, ~13 µs for the no-family check: docs/performance.md, svc35); one
/// with positional parameters, sent with unnamed parameters in the same order, is sent as written.
/// </summary>
internal static class PositionalSql
{
    /// <summary><paramref name="sql"/> with each <c>@name</c> outside quotes and comments replaced by <c>$n</c>, where
    /// <paramref name="names"/>[n - 1] is the name.</summary>
    /// <exception cref="ArgumentException">A parameter the SQL names is not in <paramref name="names"/>, or a name is never used.</exception>
    public static string Of(string sql, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(names);
        var used = new bool[names.Length];
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
                var index = Array.IndexOf(names, name);
                if (index < 0)
                {
                    throw new ArgumentException($"@{name} is not among the parameters given.", nameof(names));
                }
                used[index] = true;
                text.Append('$').Append(index + 1);
                i = end;
            }
            else
            {
                text.Append(c);
                i++;
            }
        }
        if (Array.IndexOf(used, false) is >= 0 and var unused)
        {
            throw new ArgumentException($"@{names[unused]} is not in the SQL.", nameof(names));
        }
        return text.ToString();
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
