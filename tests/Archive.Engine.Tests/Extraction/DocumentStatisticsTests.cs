using AngleSharp.Dom;
using Archive.Engine.Extraction;
using Archive.Engine.Extraction.Content;

namespace Archive.Engine.Tests.Extraction;

public sealed class DocumentStatisticsTests
{
    [Fact]
    public void A_recount_into_a_spent_table_gives_a_fresh_counts_answers_in_the_same_order()
    {
        var body = HtmlParsing.Parse("""
            <html><body><nav><a href="/">Home</a>, <a href="/a">About</a></nav>
            <div id="story"><p>One long paragraph of prose, with commas, and a <a href="/x">link</a> inside it.</p>
            <p>Another paragraph that is long enough to count as prose here.</p></div><footer>Footer text</footer></body></html>
            """).Document.Body!;
        var spent = DocumentStatistics.Compute(body);
        // What the picker writes into a table must not survive into the recount.
        ContentPicker.Pick(body, spent);
        body.QuerySelector("nav")!.Remove();
        body.QuerySelector("footer")!.Remove();

        var fresh = DocumentStatistics.Compute(body);
        var recounted = spent.Recount(body);

        Assert.Equal(Snapshot(fresh), Snapshot(recounted));
        Assert.Equal(fresh.Elements, recounted.Elements);
        Assert.Equal(ContentPicker.Pick(body, DocumentStatistics.Compute(body)).Roots, ContentPicker.Pick(body, recounted).Roots);
    }

    [Fact]
    public void Picking_scores_nothing_above_the_counted_subtree()
    {
        // Paragraphs straight under <body> vote for <body> and for the <html> above it, which the table does not hold:
        // scoring it wrote into the one empty entry every lookup outside the table shares, so the first pick of a
        // process could choose <html> and no later one could.
        var prose = string.Concat(Enumerable.Repeat("<p>A paragraph of story prose, with commas, long enough to vote.</p>", 3));
        var document = HtmlParsing.Parse($"<html><body>{prose}</body></html>").Document;
        var stats = DocumentStatistics.Compute(document.Body!);

        var picked = ContentPicker.Pick(document.Body!, stats);

        Assert.False(stats[document.DocumentElement].Scored);
        Assert.Equal(0, stats[document.DocumentElement].Score);
        Assert.DoesNotContain(document.DocumentElement, picked.Roots);
    }

    private static List<string> Snapshot(DocumentStatistics stats) =>
        [.. stats.All.Select(x => $"{x.Element.LocalName}#{x.Element.Id} {x.Stats.Text} {x.Stats.LinkText} {x.Stats.InlineText} "
            + $"{x.Stats.InlineLinkText} {x.Stats.InlineCommas} {x.Stats.Prose} {x.Stats.HasBlock} {x.Stats.LastLink?.GetAttribute("href")} "
            + $"{x.Stats.Score} {x.Stats.Scored}")];

    [Fact]
    public void Text_is_counted_as_one_character_at_a_time_would()
    {
        static (int, int) OneAtATime(string text) =>
            (text.Count(ch => !char.IsWhiteSpace(ch)), text.Count(ch => ch is ',' or '，' or '、' or '،'));
        var every = new string([.. Enumerable.Range(0, char.MaxValue + 1).Select(i => (char)i)]);
        Assert.Equal(OneAtATime(every), DocumentStatistics.Count(every));
        var random = new Random(34);
        // Mostly ASCII with white space and commas at every position of a vector, now and then a character beyond it.
        const string common = "ab ,\t\n\r\v\f\u001c\u001f.x";
        for (var i = 0; i < 3000; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(80)).Select(_ => random.Next(40) == 0
                ? (char)random.Next(0x80, char.MaxValue + 1)
                : common[random.Next(common.Length)])]);

            Assert.Equal(OneAtATime(text), DocumentStatistics.Count(text));
        }
    }
}
