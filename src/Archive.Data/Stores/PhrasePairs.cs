using System.Text;
using System.Text.RegularExpressions;

namespace Archive.Data.Stores;

/// <summary>
/// Rewrites a language-qualified tsquery so the GIN index answers its phrases. GIN keeps no positions: on its own it hands
/// every article holding all of a phrase's words to a check that reads that article's vector out of line. Each search row
/// therefore also keeps <c>pairs</c>, the lexemes at adjacent positions joined by a space (<c>'en:re consid'</c>, see the
/// SearchPhrasePairs migration), and the index covers <c>document || pairs</c>.
/// </summary>
/// <remarks>
/// <para>A phrase of two lexemes (<c>'en:re' &lt;-&gt; 'en:consid'</c>) holds exactly where their pair does, so it becomes the pair
/// and needs no check at all. A longer phrase (<c>'a' &lt;-&gt; 'b' &lt;-&gt; 'c'</c>, or one with a gap left by a stop word,
/// <c>'state' &lt;3&gt; 'art'</c>) is kept and its adjacent pairs are added as conditions, so only articles holding every pair are
/// checked. Anything else is left as it is: a phrase whose operand is not a plain lexeme (a weight, a prefix, a group) or that
/// is itself an operand of a phrase or of a negation bound tighter than it.</para>
/// <para>The input is PostgreSQL's own text of a tsquery: lexemes quoted (quotes doubled), operators <c>&amp; | ! ( )</c>,
/// <c>&lt;-&gt;</c> and <c>&lt;N&gt;</c>.</para>
/// </remarks>
public static partial class PhrasePairs
{
    private enum Kind { Lexeme, Phrase, Other }

    private readonly record struct Token(Kind Kind, string Text, bool Plain = false);

    public static string Rewrite(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var tokens = TokenPattern().Matches(query).Select(ToToken).ToList();
        var output = new StringBuilder(query.Length * 2);
        var i = 0;
        while (i < tokens.Count)
        {
            var end = ChainEnd(tokens, i);
            if (end > i && tokens.Skip(i).Take(end - i + 1).Where(t => t.Kind == Kind.Lexeme).All(t => t.Plain) && Free(tokens, i, end))
            {
                output.Append(Chain(tokens, i, end)).Append(' ');
                i = end + 1;
                continue;
            }
            output.Append(tokens[i].Text).Append(' ');
            i++;
        }
        return output.ToString().TrimEnd();
    }

    /// <summary>The last token of the phrase chain (lexeme, operator, lexeme, ...) starting at <paramref name="start"/>, or
    /// <paramref name="start"/> when no chain starts there.</summary>
    private static int ChainEnd(List<Token> tokens, int start)
    {
        if (tokens[start].Kind != Kind.Lexeme)
        {
            return start;
        }
        var end = start;
        while (end + 2 < tokens.Count && tokens[end + 1].Kind == Kind.Phrase && tokens[end + 2].Kind == Kind.Lexeme)
        {
            end += 2;
        }
        return end;
    }

    /// <summary>Whether the chain stands alone: not the right operand of a negation (which binds tighter than a phrase), and
    /// not, through any parentheses, an operand of a larger phrase.</summary>
    private static bool Free(List<Token> tokens, int start, int end)
    {
        if (start > 0 && tokens[start - 1].Text == "!")
        {
            return false;
        }
        var before = start - 1;
        while (before >= 0 && tokens[before].Text == "(")
        {
            before--;
        }
        var after = end + 1;
        while (after < tokens.Count && tokens[after].Text == ")")
        {
            after++;
        }
        return (before < 0 || tokens[before].Kind != Kind.Phrase) && (after >= tokens.Count || tokens[after].Kind != Kind.Phrase);
    }

    private static string Chain(List<Token> tokens, int start, int end)
    {
        var pairs = new List<string>();
        for (var k = start; k < end; k += 2)
        {
            if (tokens[k + 1].Text == "<->")
            {
                pairs.Add(Pair(tokens[k].Text, tokens[k + 2].Text));
            }
        }
        if (end == start + 2 && pairs.Count == 1)
        {
            return pairs[0];
        }
        var chain = string.Join(' ', tokens.Skip(start).Take(end - start + 1).Select(t => t.Text));
        return pairs.Count == 0 ? chain : $"( {chain} & {string.Join(" & ", pairs)} )";
    }

    /// <summary><c>'en:re'</c> and <c>'en:consid'</c> to <c>'en:re consid'</c>: the second without its language code, as the
    /// migration's <c>archive_search_pairs</c> writes it.</summary>
    private static string Pair(string first, string second)
    {
        var inner = second[1..^1];
        return $"{first[..^1]} {inner[(inner.IndexOf(':', StringComparison.Ordinal) + 1)..]}'";
    }

    private static Token ToToken(Match m)
    {
        var text = m.Value;
        if (text[0] == '\'')
        {
            // A weight or prefix suffix ('word':A, 'word':*) makes the lexeme no longer plain.
            return new Token(Kind.Lexeme, text, Plain: m.Groups["suffix"].Length == 0);
        }
        return new Token(text[0] == '<' ? Kind.Phrase : Kind.Other, text);
    }

    [GeneratedRegex(@"'(?:[^']|'')*'(?<suffix>:[*A-Da-d]+)?|<(?:-|\d+)>|[&|!()]")]
    private static partial Regex TokenPattern();
}
