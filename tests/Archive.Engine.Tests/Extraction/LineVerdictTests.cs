using System.Text.RegularExpressions;
using Archive.Engine.Extraction.Cleaning;
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

    [Fact]
    public void Furniture_lines_are_what_the_one_pattern_with_the_credit_branch_matched()
    {
        // The pattern as it stood before ext36: the credit-at-the-end branch inside the anchored alternation (its place
        // in the alternation does not change whether the line matches).
        var start = BoilerplateHints.FurnitureStart();
        Assert.StartsWith("^(?:", start.ToString(), StringComparison.Ordinal);
        var old = new Regex(@"^(?:.{0,80}\b(?:Getty Images|Shutterstock|iStock|via AP|via Reuters|AP Photo|AFP Photo|\bAFP\b)\W{0,3}$|"
            + start.ToString()[4..], start.Options);
        string[] credits = ["Getty Images", "getty images", "GETTY IMAGES", "Shutterstock", "iStock", "iStoc\u212A", "via AP",
            "via Reuters", "AP Photo", "AFP Photo", "AFP", "xAFP", "AFPx", "Getty", "Images", "AP", "P Photo", "FP Photo"];
        string[] tails = ["", ".", "..", "...", "....", ")", " ", "\n", ".\n", "...\n", "\n\n", " x", "-", "\u00A0"];
        string[] fillers = ["", "Photo: ", "A man walks. ", "Caption / ", "x", "\n", "line one\nline two ", "Photo by ", "(", "/ "];
        var random = new Random(361);
        var lines = new List<string>();
        for (var i = 0; i < 30_000; i++)
        {
            var filler = string.Concat(Enumerable.Range(0, random.Next(4)).Select(_ => fillers[random.Next(fillers.Length)]));
            // Starts around the 80th character, on either side of it.
            var pad = random.Next(3) == 0 ? new string('a', 70 + random.Next(15)) + (random.Next(2) == 0 ? " " : "") : "";
            lines.Add(pad + filler + credits[random.Next(credits.Length)] + tails[random.Next(tails.Length)]);
        }
        var matched = 0;
        foreach (var line in lines)
        {
            var expected = old.IsMatch(line);
            Assert.True(expected == BoilerplateHints.IsFurnitureLine(line), line);
            matched += expected ? 1 : 0;
        }
        Assert.InRange(matched, 3_000, 27_000);
    }
}
