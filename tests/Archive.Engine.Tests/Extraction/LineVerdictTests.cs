using Archive.Engine.Extraction.Output;

namespace Archive.Engine.Tests.Extraction;

/// <summary>The line verdicts' rewritten pieces answer as the forms they replaced (ext36).</summary>
public sealed class LineVerdictTests
{
    [Fact]
    public void Only_date_words_is_what_replacing_them_and_trimming_gives()
    {
        string[] pieces = ["Published", "Updated", "on", "Monday", "Nov", "November", "18", "2019", "8:22AM", "8:22 am", "EST",
            "UTC", "de", "março", "às", "14h", "3rd", ",", ".", " ", "  ", "\t", "\u00A0", "\u2003", "\u200B", "|", "•", "(", ")",
            "-", "—", "story", "x", "Jan.", "a.m.", "2023-04-19", "12:30:45", "uhr", "le", "by", "©", "\n"];
        var random = new Random(36);
        var lines = new List<string> { "", " ", "2019", "Nov 18, 2019", "Published Monday, November 18, 2019 8:22AM EST",
            "The 2019 report", " 2019 ", "\u00A02019\u00A0", "2019\u200B", "x2019", "2019x" };
        for (var i = 0; i < 20_000; i++)
        {
            lines.Add(string.Concat(Enumerable.Range(0, random.Next(1, 12)).Select(_ => pieces[random.Next(pieces.Length)]
                + (random.Next(3) == 0 ? " " : ""))));
        }
        var kept = 0;
        foreach (var line in lines)
        {
            var old = LineClassifier.DateWords().Replace(line, " ").Trim().Length == 0;
            Assert.True(old == LineClassifier.OnlyDateWords(line), line);
            kept += old ? 1 : 0;
        }
        // Both answers occur often among the lines, so the comparison covers both.
        Assert.InRange(kept, 2_000, 18_000);
    }
}
