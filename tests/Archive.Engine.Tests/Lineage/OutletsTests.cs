using Archive.Engine.Lineage;

namespace Archive.Engine.Tests.Lineage;

/// <summary>Whether a line names an outlet: the bounded edit distance answers as the whole distance does, and the fuzzy
/// windows find a misspelt name wherever it sits in a line.</summary>
public sealed class OutletsTests
{
    [Fact]
    public void The_bounded_edit_distance_answers_as_the_whole_distance_does()
    {
        var random = new Random(7);
        for (var n = 0; n < 3_000; n++)
        {
            var a = Word(random, random.Next(0, 14));
            var b = random.Next(3) == 0 ? Mutate(a, random) : Word(random, random.Next(0, 14));
            for (var max = 0; max <= 3; max++)
            {
                Assert.Equal(Levenshtein(a, b) <= max, Outlets.WithinEditDistance(a, b, max));
            }
        }
    }

    [Theory]
    [InlineData("Reporting by the Harbur Herald staff, with agencies", "harbour herald", true)]
    [InlineData("Originally published by HarbourHerald.", "harbour herald", true)]
    [InlineData("First seen on the Harbour Herold Weekly", "harbour herald weekly", true)]
    [InlineData("Reporting by the Harvest Heralds staff", "harbour herald", false)]
    [InlineData("Source: Military Watch", "militarywatchmagazine com", false)]
    [InlineData("", "harbour herald", false)]
    public void A_misspelt_name_is_found_anywhere_in_a_line(string line, string name, bool found)
    {
        Assert.Equal(found, Outlets.Mentions(line, name));
        Assert.Equal(found, Outlets.Mentions(new FoldedLine(line), name));
    }

    private static string Word(Random random, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => (char)('a' + random.Next(4)))]);

    private static string Mutate(string word, Random random)
    {
        var chars = word.ToList();
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(chars.Count + 1);
            switch (random.Next(3))
            {
                case 0: chars.Insert(at, 'x'); break;
                case 1 when at < chars.Count: chars.RemoveAt(at); break;
                default: if (at < chars.Count) { chars[at] = 'y'; } break;
            }
        }
        return new string([.. chars]);
    }

    private static int Levenshtein(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }
        return d[a.Length, b.Length];
    }
}
