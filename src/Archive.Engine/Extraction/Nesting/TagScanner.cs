namespace Archive.Engine.Extraction.Nesting;

/// <summary>Where a tag's name, attributes and end lie, as the HTML tokenizer reads them (quotes hide '&gt;').</summary>
internal readonly record struct ScannedTag(int NameStart, int NameLength, int AttributesStart, int End, bool SelfClosing);

internal static class TagScanner
{
    private enum State { BeforeName, Name, AfterName, BeforeValue, Unquoted, AfterQuoted }

    /// <summary>Reads the tag whose name starts at <paramref name="nameStart"/>; End is -1 when the page ends inside it.</summary>
    public static ScannedTag Scan(string html, int nameStart)
    {
        var i = nameStart;
        while (i < html.Length && !IsSpace(html[i]) && html[i] is not ('/' or '>'))
        {
            i++;
        }
        var nameLength = i - nameStart;
        var attributesStart = i;
        var state = State.BeforeName;
        while (i < html.Length)
        {
            var ch = html[i];
            switch (state)
            {
                case State.BeforeName or State.AfterName or State.AfterQuoted when ch == '/':
                case State.Name when ch == '/':
                    if (i + 1 < html.Length && html[i + 1] == '>')
                    {
                        return new ScannedTag(nameStart, nameLength, attributesStart, i + 2, SelfClosing: true);
                    }
                    state = State.BeforeName;
                    break;
                case State.BeforeName or State.Name or State.AfterName or State.BeforeValue or State.Unquoted or State.AfterQuoted
                    when ch == '>':
                    return new ScannedTag(nameStart, nameLength, attributesStart, i + 1, SelfClosing: false);
                case State.BeforeName:
                    state = IsSpace(ch) ? State.BeforeName : State.Name;
                    break;
                case State.Name:
                    state = ch == '=' ? State.BeforeValue : IsSpace(ch) ? State.AfterName : State.Name;
                    break;
                case State.AfterName:
                    state = ch == '=' ? State.BeforeValue : IsSpace(ch) ? State.AfterName : State.Name;
                    break;
                case State.BeforeValue when ch is '"' or '\'':
                    var close = html.IndexOf(ch, i + 1);
                    if (close < 0)
                    {
                        return new ScannedTag(nameStart, nameLength, attributesStart, -1, false);
                    }
                    i = close;
                    state = State.AfterQuoted;
                    break;
                case State.BeforeValue:
                    state = IsSpace(ch) ? State.BeforeValue : State.Unquoted;
                    break;
                case State.Unquoted:
                    state = IsSpace(ch) ? State.BeforeName : State.Unquoted;
                    break;
                case State.AfterQuoted:
                    state = IsSpace(ch) ? State.BeforeName : State.Name;
                    break;
            }
            i++;
        }
        return new ScannedTag(nameStart, nameLength, attributesStart, -1, false);
    }

    // Asked of every character of every tag; the JIT left it a call inside the state machine's loop.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool IsSpace(char ch) => ch is '\t' or '\n' or '\f' or '\r' or ' ';
}
