using System.Text;

namespace Archive.Api.Tests.Architecture;

/// <summary>
/// Reads C# source the way the compiler splits it for our purposes: string literals (regular, verbatim, interpolated,
/// raw) apart from code, comments dropped. Small on purpose: it only has to tell "this text is a string" from "this is code".
/// </summary>
internal static class SourceScan
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Archive.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Archive.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The C# files of a project folder, without build output.</summary>
    public static IEnumerable<string> SourceFiles(string projectDirectory) =>
        Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal);

    /// <summary>Splits source text into (code without comments, the string literals it holds).</summary>
    public static (string Code, List<string> Strings) Split(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var code = new StringBuilder();
        var strings = new List<string>();
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '/' && At(source, i + 1, '/'))
            {
                while (i < source.Length && source[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && At(source, i + 1, '*'))
            {
                var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? source.Length : end + 2;
            }
            else if (c == '\'')
            {
                i = SkipCharLiteral(source, i);
                code.Append(" 'c' ");
            }
            else if (StringStart(source, i) is { } start)
            {
                i = ReadString(source, start, strings);
                code.Append(" \"\" ");
            }
            else
            {
                code.Append(c);
                i++;
            }
        }
        return (code.ToString(), strings);
    }

    private static bool At(string s, int i, char c) => i < s.Length && s[i] == c;

    private static int SkipCharLiteral(string s, int i)
    {
        i++;
        while (i < s.Length && s[i] != '\'')
        {
            i += s[i] == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    private readonly record struct Start(int Quote, bool Verbatim);

    /// <summary>A string literal starting at <paramref name="i"/> (prefix $ and @ in any order, then a quote), or null.</summary>
    private static Start? StringStart(string s, int i)
    {
        if (i > 0 && (char.IsLetterOrDigit(s[i - 1]) || s[i - 1] == '_'))
        {
            return null;
        }
        var j = i;
        var verbatim = false;
        while (j < s.Length && s[j] is '$' or '@')
        {
            verbatim |= s[j] == '@';
            j++;
        }
        return At(s, j, '"') ? new Start(j, verbatim) : null;
    }

    private static int ReadString(string s, Start start, List<string> strings)
    {
        var quotes = 0;
        while (At(s, start.Quote + quotes, '"'))
        {
            quotes++;
        }
        var from = start.Quote + quotes;
        if (quotes >= 3)
        {
            var delimiter = new string('"', quotes);
            var end = s.IndexOf(delimiter, from, StringComparison.Ordinal);
            end = end < 0 ? s.Length : end;
            strings.Add(s[from..end]);
            return Math.Min(s.Length, end + quotes);
        }
        if (quotes == 2)
        {
            strings.Add("");
            return from;
        }
        var i = from;
        while (i < s.Length)
        {
            if (start.Verbatim && s[i] == '"' && At(s, i + 1, '"'))
            {
                i += 2;
            }
            else if (s[i] == '"' || (!start.Verbatim && s[i] == '\n'))
            {
                break;
            }
            else
            {
                i += !start.Verbatim && s[i] == '\\' ? 2 : 1;
            }
        }
        strings.Add(s[from..Math.Min(i, s.Length)]);
        return i + 1;
    }
}
