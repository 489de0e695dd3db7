using System.Text.RegularExpressions;
using Archive.Engine.Extraction.Cleaning;
using Archive.Engine.Extraction.Scoring;

namespace Archive.Engine.Tests.Extraction;

/// <summary>
/// The class/id verdicts answer a long name string word by word (<see cref="Archive.Engine.Extraction.Content.BoundedCache{T}"/>),
/// which gives the same verdicts only while no pattern can match whitespace.
/// </summary>
public sealed class NameVerdictTests
{
    public static TheoryData<string> Patterns()
    {
        var data = new TheoryData<string>();
        foreach (var regex in NameGroups.Groups.Concat([BoilerplateHints.StrongNegative(), BoilerplateHints.WeakNegative(),
            BoilerplateHints.Positive(), BoilerplateHints.ArticleBodyName()]))
        {
            data.Add(regex.ToString());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Patterns))]
    public void Class_and_id_patterns_are_words_that_cannot_match_whitespace(string pattern)
    {
        // Literal words, alternation, optional characters, groups, word boundaries and sets of '-' and '_': nothing else.
        var rest = pattern.Replace(@"\b", string.Empty, StringComparison.Ordinal).Replace("[-_]", string.Empty, StringComparison.Ordinal);

        Assert.Matches(@"^[A-Za-z0-9_\-|?():]*$", rest);
    }

    [Fact]
    public void A_long_class_list_gets_the_verdicts_of_the_whole_string()
    {
        string[] words =
        [
            "flex", "items-center", "md:hidden", "hidden", "ad", "x-ad", "ad_slot", "bad-ge", "lg:px-8", "nav-item", "navbar",
            "read-more", "article-body", "post", "content", "text-sm", "sidebar", "rich-text", "footer", "top-bar", "meta-data",
            "entry-content", "foot", "toc", "tabs", "hero", "lead", "grid-cols-3", "hover:underline", "\u212Aelvin",
        ];
        var random = new Random(31);
        for (var n = 0; n < 400; n++)
        {
            var names = string.Join(random.Next(4) == 0 ? "\t" : " ", Enumerable.Range(0, 60 + random.Next(60)).Select(_ => words[random.Next(words.Length)]));
            Assert.True(names.Length > 300);

            var hints = (BoilerplateHints.StrongNegative().IsMatch(names) ? NameHints.StrongNegative : NameHints.None)
                | (BoilerplateHints.WeakNegative().IsMatch(names) ? NameHints.WeakNegative : NameHints.None)
                | (BoilerplateHints.Positive().IsMatch(names) ? NameHints.Positive : NameHints.None)
                | (BoilerplateHints.ArticleBodyName().IsMatch(names) ? NameHints.ArticleBody : NameHints.None);
            var mask = NameGroups.Groups.Select((g, i) => g.IsMatch(names) ? 1 << i : 0).Aggregate(0, (a, b) => a | b)
                | (hints.HasFlag(NameHints.StrongNegative) ? 1 << NameGroups.Groups.Length : 0)
                | (hints.HasFlag(NameHints.WeakNegative) ? 1 << (NameGroups.Groups.Length + 1) : 0)
                | (hints.HasFlag(NameHints.ArticleBody) ? 1 << (NameGroups.Groups.Length + 2) : 0);

            Assert.Equal(hints, BoilerplateHints.Hints(names));
            Assert.Equal(mask, NameGroups.Mask(names));
        }
    }
}
