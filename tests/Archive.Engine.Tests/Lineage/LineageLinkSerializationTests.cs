using System.Text.Json;
using Archive.Engine.Lineage;

namespace Archive.Engine.Tests.Lineage;

public sealed class LineageLinkSerializationTests
{
    [Fact]
    public void Evidence_and_diff_round_trip_through_json_for_jsonb_columns()
    {
        var story = Stories.Article(seed: 41);
        var origin = Stories.Member("https://origin.example.com/a", story, "2024-03-01T08:00:00Z", siteName: "Origin Post");
        var copy = Stories.Member("https://copy.example.org/b", story + "\n" + Stories.Paragraph(400), "2024-03-02T08:00:00Z",
            links: [new Archive.Engine.Extraction.ArticleLink(origin.Url, "Origin Post")]);
        var link = Assert.Single(LineageResolver.Resolve([copy, origin]));

        var evidence = JsonSerializer.Deserialize<List<LineageEvidence>>(JsonSerializer.Serialize(link.Evidence));
        var diff = JsonSerializer.Deserialize<PassageDiff>(JsonSerializer.Serialize(link.Diff));

        Assert.Equal(link.Evidence, evidence);
        Assert.Equal(link.Diff.Added, diff!.Added);
        Assert.Contains("\"Type\":\"linkToSource\"", JsonSerializer.Serialize(link.Evidence), StringComparison.Ordinal);
    }
}
