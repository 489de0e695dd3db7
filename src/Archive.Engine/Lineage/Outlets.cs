using System.Globalization;
using System.Text;

namespace Archive.Engine.Lineage;

/// <summary>How an outlet can be named (publisher name, site name, domain) and whether a line of text names it:
/// accent-, case- and punctuation-insensitive, with a small edit distance allowed for misspellings.</summary>
internal static class Outlets
{
    private const int MinNameLength = 4;

    /// <summary>Shortest name looked for in a credit line, where the place makes a short name ("BGR", "CNN") safe to read.</summary>
    private const int MinCreditNameLength = 3;

    public static string Host(string? url)
    {
        if (url is null || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return "";
        }
        var host = Urls.RegistrableDomain.Normalise(uri.IdnHost);
        return host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
    }

    /// <summary>The domain an organisation registers ("blog.comwrap.com" → "comwrap.com"): <see cref="Urls.RegistrableDomain"/>'s.</summary>
    public static string RegistrableDomain(string host) => Urls.RegistrableDomain.Of(host) ?? "";

    /// <summary>The names a republisher might use for the outlet behind <paramref name="member"/>, folded: its publisher
    /// and site names and its host and registrable domain (searched for anywhere in a line), and the bare domain label
    /// ("militarywatchmagazine"), which is matched only against the whole name an attribution gives, since a label can
    /// be an ordinary word ("news") that turns up inside other outlets' names.</summary>
    public static OutletNames NamesOf(LineageMember member)
    {
        var names = new List<string>();
        var labels = new List<string>();
        foreach (var raw in new[] { member.PublisherName, member.SiteName })
        {
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }
            names.Add(Fold(raw));
            // "LinkNaija | Nigeria's popular news platform": the part before a separator is the name.
            var head = raw.Split(['|', '–', '—', ':', '·'], 2)[0];
            var dash = head.IndexOf(" - ", StringComparison.Ordinal);
            names.Add(Fold(dash > 0 ? head[..dash] : head));
        }
        var host = member.Host;
        if (host.Length > 0)
        {
            var registrable = RegistrableDomain(host);
            names.Add(Fold(host));
            names.Add(Fold(registrable));
            labels.Add(Fold(registrable.Split('.')[0]));
        }
        // "The Verge" is also written "Verge".
        names.AddRange(names.Where(n => n.StartsWith("the ", StringComparison.Ordinal)).Select(n => n[4..]).ToList());
        return new OutletNames(Usable(names, MinNameLength), Usable(names.Concat(labels), MinNameLength),
            Usable(names.Concat(labels), MinCreditNameLength));
    }

    private static List<string> Usable(IEnumerable<string> names, int minLength) =>
        [.. names.Where(n => n.Replace(" ", "", StringComparison.Ordinal).Length >= minLength).Distinct()];

    /// <summary>Whether a credit line names the outlet: as <see cref="Mentions"/>, and a short name or a bare domain label
    /// as a whole word, exactly.</summary>
    public static bool MentionsInCredit(string text, string folded) => MentionsInCredit(new FoldedLine(text), folded);

    /// <inheritdoc cref="MentionsInCredit(string, string)"/>
    public static bool MentionsInCredit(FoldedLine line, string folded) =>
        folded.Replace(" ", "", StringComparison.Ordinal).Length < MinNameLength + 2
            ? line.Spaced.Contains(" " + folded + " ", StringComparison.Ordinal)
            : Mentions(line, folded);

    /// <summary>Whether <paramref name="text"/> names the outlet <paramref name="folded"/> (from <see cref="NamesOf"/>).</summary>
    public static bool Mentions(string text, string folded) => Mentions(new FoldedLine(text), folded);

    /// <inheritdoc cref="Mentions(string, string)"/>
    public static bool Mentions(FoldedLine line, string folded)
    {
        if (line.Spaced.Contains(" " + folded + " ", StringComparison.Ordinal))
        {
            return true;
        }
        // Fuzzy: any window of as many tokens (or one token fewer/more, for "Military Watch" vs "MilitaryWatch") whose
        // letters are within a small edit distance of the name's letters. A window's letters are joined only when their
        // length is within that distance: no other window can be.
        var target = folded.Replace(" ", "", StringComparison.Ordinal);
        var tokens = line.Tokens;
        var ends = line.Ends;
        var width = folded.Split(' ').Length;
        var allowed = target.Length / 8;
        for (var w = Math.Max(1, width - 1); w <= width + 1; w++)
        {
            for (var i = 0; i + w <= tokens.Length; i++)
            {
                var length = ends[i + w] - ends[i];
                if (Math.Abs(length - target.Length) <= allowed && WithinEditDistance(string.Concat(tokens.AsSpan(i, w)), target, allowed))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>Whether a short name read out of an attribution ("Military Watch") is the outlet's name or the leading
    /// part of it ("Military Watch Magazine", militarywatchmagazine.com).</summary>
    public static bool NameMatches(string attributedName, string folded) =>
        LettersMatch(Fold(attributedName).Replace(" ", "", StringComparison.Ordinal), folded);

    /// <summary><see cref="NameMatches"/> of a name already folded and stripped of its spaces.</summary>
    public static bool LettersMatch(string name, string folded)
    {
        var target = folded.Replace(" ", "", StringComparison.Ordinal);
        if (name.Length < MinNameLength + 2)
        {
            return name.Length >= MinNameLength && name == target;
        }
        return target.StartsWith(name, StringComparison.Ordinal) || WithinEditDistance(name, target, target.Length / 8);
    }

    public static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var ch in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                continue;
            }
            if (char.IsLetterOrDigit(ch))
            {
                if (space && builder.Length > 0)
                {
                    builder.Append(' ');
                }
                builder.Append(char.ToLowerInvariant(ch));
                space = false;
            }
            else
            {
                space = true;
            }
        }
        return builder.ToString();
    }

    /// <summary>Whether the edit distance of <paramref name="a"/> and <paramref name="b"/> is at most <paramref name="max"/>:
    /// the distance's table row by row, stopped once a row's least value exceeds <paramref name="max"/> (no later row's
    /// least value is smaller, so neither is the distance).</summary>
    internal static bool WithinEditDistance(string a, string b, int max)
    {
        Span<int> rows = b.Length < 256 ? stackalloc int[2 * (b.Length + 1)] : new int[2 * (b.Length + 1)];
        var previous = rows[..(b.Length + 1)];
        var current = rows[(b.Length + 1)..];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var least = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                least = Math.Min(least, current[j]);
            }
            if (least > max)
            {
                return false;
            }
            var swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.Length] <= max;
    }
}

/// <summary>A line of text folded once for all the names looked for in it: with a space at either end, and as tokens
/// with where each ends in their concatenation.</summary>
internal sealed class FoldedLine(string text)
{
    private string[]? _tokens;
    private int[]? _ends;

    public string Spaced { get; } = " " + Outlets.Fold(text) + " ";

    public string[] Tokens => _tokens ??= Spaced.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Ends[i]: the letters of the first i tokens.</summary>
    public int[] Ends
    {
        get
        {
            if (_ends is null)
            {
                var ends = new int[Tokens.Length + 1];
                for (var i = 0; i < Tokens.Length; i++)
                {
                    ends[i + 1] = ends[i] + Tokens[i].Length;
                }
                _ends = ends;
            }
            return _ends;
        }
    }
}

/// <param name="InText">Names to look for inside a line of text.</param>
/// <param name="Whole">Names an attribution's whole name may equal or begin (includes the bare domain label).</param>
/// <param name="InCredit">Names to look for in a credit line: also short names and the bare domain label (see
/// <see cref="Outlets.MentionsInCredit"/>).</param>
internal sealed record OutletNames(IReadOnlyList<string> InText, IReadOnlyList<string> Whole, IReadOnlyList<string> InCredit);
