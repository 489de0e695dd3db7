using Archive.Engine.Extraction;
using Archive.Engine.Lineage;

namespace Archive.Engine.Tests.Lineage;

public sealed class LineageResolverTests
{
    private static readonly string Story = Stories.Article(seed: 31);
    private static readonly string[] StoryParagraphs = Stories.Paragraphs(Story);

    private static readonly LineageMember Origin =
        Stories.Member("https://origin.example.com/news/harbour-budget", Story, "2024-03-01T08:00:00Z", siteName: "Harbour Herald");

    private static readonly LineageMember Attributed = Stories.Member(
        "https://aaa-copy.example.org/harbour", Story, "2024-03-02T09:00:00+02:00", siteName: "Copy Daily",
        attributions: [new Attribution("Source: Harbour Herald", "Harbour Herald", null, AttributionPosition.After)]);

    private static readonly LineageMember Silent = Stories.Member("https://silent.example.net/p/1", Story, "2024-03-03T10:00:00Z");

    private static readonly LineageMember Excerpt = Stories.Member(
        "https://excerpts.example.com/harbour", string.Join('\n', StoryParagraphs.Take(3)), "2024-03-02T12:00:00Z",
        links: [new ArticleLink(Origin.Url, "Read more")]);

    [Fact]
    public void The_origin_is_decided_by_publish_time_and_attribution_not_by_arrival_order()
    {
        LineageMember[] members = [Origin, Attributed, Silent, Excerpt];
        var expected = Describe(LineageResolver.Resolve(members));

        foreach (var permutation in Permutations(members))
        {
            Assert.Equal(expected, Describe(LineageResolver.Resolve(permutation)));
        }
        Assert.All(LineageResolver.Resolve(members), l => Assert.Equal(Origin.Id, l.OriginId));
        Assert.Equal(3, expected.Count);
    }

    [Fact]
    public void Shingles_the_caller_holds_are_used_and_each_member_is_shingled_once()
    {
        // Lineage's update compares the new article with its candidates first: the resolution that follows takes their
        // shingles from it, and shingles each other member once for its comparisons and its paragraph evidence alike.
        LineageMember[] members = [Origin, Attributed, Silent, Excerpt];
        var held = Shingles.HashSet(Origin.CanonicalText);
        var shingles = new Dictionary<Guid, HashSet<long>> { [Origin.Id] = held };

        var links = LineageResolver.Resolve(members, shingles);

        Assert.Equal(Describe(LineageResolver.Resolve(members)), Describe(links));
        Assert.Same(held, shingles[Origin.Id]);
        Assert.Equal(members.Select(m => m.Id).Order(), shingles.Keys.Order());
    }

    [Fact]
    public void The_shingles_given_are_the_ones_compared()
    {
        // An empty set for the origin: nothing of it is shared, so no member is a copy of it.
        var shingles = new Dictionary<Guid, HashSet<long>> { [Origin.Id] = [] };

        Assert.DoesNotContain(LineageResolver.Resolve([Origin, Attributed, Silent], shingles), l => l.DerivedFromId == Origin.Id);
    }

    [Fact]
    public void Pages_of_one_host_are_never_compared_and_the_links_are_the_same()
    {
        // A site's pages resolved together (its families relinked after its template changed) must not cost a comparison
        // per pair of the site's pages: they can never be one story's origin and copy.
        var sitePages = Enumerable.Range(1, 5)
            .Select(i => Stories.Member($"https://silent.example.net/p/{i + 1}", Stories.Article(seed: 40 + i), "2024-03-03T10:00:00Z"))
            .ToList();
        LineageMember[] members = [Origin, Attributed, Silent, .. sitePages];
        var compared = new List<(string, string)>();
        var links = LineageResolver.Resolve(members, (a, b) =>
        {
            compared.Add((a.Host, b.Host));
            return TextComparer.Measure(Shingles.HashSet(a.CanonicalText), Shingles.HashSet(b.CanonicalText));
        });

        Assert.DoesNotContain(compared, pair => pair.Item1 == pair.Item2);
        // Three hosts: origin, copy and the silent site (six pages): 1×1 + 1×6 + 1×6 pairs across hosts.
        Assert.Equal(13, compared.Count);
        Assert.Equal(Describe(LineageResolver.Resolve([Origin, Attributed, Silent])), Describe(links));
        Assert.Equal(2, links.Count);
    }

    [Fact]
    public void The_archive_capturing_a_copy_first_does_not_make_it_the_origin()
    {
        // The copy is listed first and the origin carries no date at all; the copy names it as its source.
        var undatedOrigin = Origin with { PublishedAt = null };

        var link = Assert.Single(LineageResolver.Resolve([Attributed, undatedOrigin]));

        Assert.Equal(Attributed.Id, link.RepublicationId);
        Assert.Equal(undatedOrigin.Id, link.OriginId);
        Assert.Equal(LineageKind.Attributed, link.Kind);
    }

    [Fact]
    public void An_undated_page_nobody_names_is_placed_by_its_modification_time()
    {
        var undated = Origin with { PublishedAt = null, ModifiedAt = DateTimeOffset.Parse("2024-03-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture) };

        var link = Assert.Single(LineageResolver.Resolve([Silent, undated]));

        Assert.Equal(undated.Id, link.OriginId);
    }

    [Fact]
    public void Kinds_follow_the_text_and_the_evidence()
    {
        var links = LineageResolver.Resolve([Origin, Attributed, Silent, Excerpt]).ToDictionary(l => l.RepublicationId);

        Assert.Equal(LineageKind.Attributed, links[Attributed.Id].Kind);
        Assert.Equal(LineageKind.Verbatim, links[Silent.Id].Kind);
        Assert.Equal(LineageKind.Excerpt, links[Excerpt.Id].Kind);
        Assert.Equal(1.0, links[Excerpt.Id].Containment, precision: 3);
        Assert.InRange(links[Excerpt.Id].SourceCoverage, 0.2, 0.4);
        Assert.Contains(links[Excerpt.Id].Evidence, e => e.Type == EvidenceTypes.LinkToSource);
    }

    [Fact]
    public void Comparisons_the_caller_made_give_the_links_measuring_every_pair_gives()
    {
        var commentary = Stories.Member("https://opinion.example.com/take", Story + "\n" + Stories.Paragraph(300) + "\n" + Stories.Paragraph(301),
            "2024-03-02T08:00:00Z", siteName: "Opinion Weekly");
        LineageMember[] family = [Origin, Attributed, Silent, Excerpt, commentary];
        Dictionary<Guid, HashSet<long>> Shingled() => family.ToDictionary(m => m.Id, m => Shingles.HashSet(m.CanonicalText));
        var shingles = Shingled();
        // The newest member's comparisons, as the candidate check makes them, one of them keyed the other way round.
        var measured = new Dictionary<(Guid, Guid), TextComparison>
        {
            [(Origin.Id, commentary.Id)] = TextComparer.Measure(shingles[Origin.Id], shingles[commentary.Id]),
            [(Attributed.Id, commentary.Id)] = TextComparer.Measure(shingles[Attributed.Id], shingles[commentary.Id]),
            [(commentary.Id, Excerpt.Id)] = TextComparer.Measure(shingles[commentary.Id], shingles[Excerpt.Id]),
        };

        var links = LineageResolver.Resolve(family, Shingled());
        var given = LineageResolver.Resolve(family, shingles, measured);

        Assert.Equal(4, links.Count);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(links), System.Text.Json.JsonSerializer.Serialize(given));
    }

    [Fact]
    public void A_copy_of_a_copy_derives_from_the_intermediate_and_keeps_the_first_origin()
    {
        var commentary = Stories.Member("https://opinion.example.com/take", Story + "\n" + Stories.Paragraph(300) + "\n" + Stories.Paragraph(301),
            "2024-03-02T08:00:00Z", siteName: "Opinion Weekly",
            attributions: [new Attribution("Source: Harbour Herald", "Harbour Herald", null, AttributionPosition.Before)]);
        var chained = commentary with
        {
            Id = Stories.IdOf("https://third.example.org/x"),
            Url = "https://third.example.org/x",
            SiteName = "Third",
            PublisherName = "Third",
            PublishedAt = DateTimeOffset.Parse("2024-03-04T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Attributions = [new Attribution("Via Opinion Weekly", null, "https://opinion.example.com/take", AttributionPosition.After)],
        };

        var links = LineageResolver.Resolve([chained, commentary, Origin]).ToDictionary(l => l.RepublicationId);

        Assert.Equal(commentary.Id, links[chained.Id].DerivedFromId);
        Assert.Equal(Origin.Id, links[chained.Id].OriginId);
        Assert.Equal(Origin.Id, links[commentary.Id].DerivedFromId);
        Assert.Equal(LineageKind.Commentary, links[commentary.Id].Kind);
        Assert.Equal(2, links[commentary.Id].Diff.Added.Count);
    }

    [Fact]
    public void Canonical_and_is_based_on_copies_are_markup_links_to_the_page_they_name()
    {
        var canonical = Stories.Member("https://canon.example.org/a", Story, "2024-03-02T00:00:00Z", canonicalUrl: Origin.Url);
        var basedOn = Stories.Member("https://based.example.org/b", Story, "2024-03-05T00:00:00Z", isBasedOn: [Origin.Url]);

        var links = LineageResolver.Resolve([basedOn, canonical, Origin]);

        Assert.All(links, l => Assert.Equal(Origin.Id, l.DerivedFromId));
        Assert.All(links, l => Assert.Equal(LineageKind.Markup, l.Kind));
    }

    [Fact]
    public void A_silent_copy_derives_from_the_origin_rather_than_from_another_copy()
    {
        var links = LineageResolver.Resolve([Silent, Attributed, Origin]).ToDictionary(l => l.RepublicationId);

        Assert.Equal(Origin.Id, links[Silent.Id].DerivedFromId);
    }

    [Fact]
    public void Two_pages_crediting_the_same_wire_are_not_copies_of_each_other()
    {
        var wire = "CARACAS (AP) - " + Story;
        var first = Stories.Member("https://one.example.com/a", wire, "2024-03-01T08:00:00Z", byline: "Associated Press");
        var second = Stories.Member("https://two.example.com/b", wire, "2024-03-01T09:00:00Z", byline: "The Associated Press");

        Assert.Empty(LineageResolver.Resolve([first, second]));
    }

    [Fact]
    public void Quotes_shared_template_text_and_unrelated_articles_produce_no_link()
    {
        var own = Stories.Paragraphs(Stories.Article(seed: 32, paragraphs: 12));
        var quoting = Stories.Member("https://quoting.example.com/q",
            string.Join('\n', own.Take(5).Append(StoryParagraphs[2]).Concat(own.Skip(5))), "2024-03-02T00:00:00Z",
            attributions: [new Attribution("As the Harbour Herald reported:", "Harbour Herald", null, AttributionPosition.Before)]);
        var chrome = "Subscribe to our newsletter for the latest harbour news and weather updates every morning from our team.";
        var sameSite = Stories.Member("https://origin.example.com/news/other", Stories.Article(seed: 33) + "\n" + chrome, "2024-03-01T09:00:00Z");
        var host = Origin with { CanonicalText = Story + "\n" + chrome };
        var unrelated = Stories.Member("https://elsewhere.example.org/u", Stories.Article(seed: 34), "2024-02-01T00:00:00Z");

        Assert.Empty(LineageResolver.Resolve([host, quoting, sameSite, unrelated]));
    }

    [Fact]
    public void Pages_of_one_site_are_not_linked_even_when_the_cleaner_left_the_same_template_text_in_both()
    {
        var template = string.Join('\n', Enumerable.Range(500, 3).Select(Stories.Paragraph));
        var first = Stories.Member("https://www.site.example.com/a", template + "\n" + Stories.Paragraph(501 + 10), "2024-03-01T00:00:00Z");
        var second = Stories.Member("https://site.example.com/b", template, "2024-03-02T00:00:00Z");

        Assert.True(LineageRules.IsSameStory(TextComparer.Compare(first.CanonicalText, second.CanonicalText)));
        Assert.Empty(LineageResolver.Resolve([first, second]));
    }

    [Fact]
    public void Members_related_to_nothing_produce_no_link_and_several_stories_resolve_at_once()
    {
        var other = Stories.Article(seed: 35);
        var otherOrigin = Stories.Member("https://b.example.com/other", other, "2024-01-01T00:00:00Z");
        var otherCopy = Stories.Member("https://c.example.com/other-copy", other, "2024-01-02T00:00:00Z");
        var loner = Stories.Member("https://d.example.com/alone", Stories.Article(seed: 36), "2024-01-03T00:00:00Z");

        var links = LineageResolver.Resolve([otherCopy, Silent, loner, Origin, otherOrigin]);

        Assert.Equal(2, links.Count);
        Assert.Contains(links, l => l.RepublicationId == otherCopy.Id && l.OriginId == otherOrigin.Id);
        Assert.Contains(links, l => l.RepublicationId == Silent.Id && l.OriginId == Origin.Id);
    }

    private static List<string> Describe(IReadOnlyList<LineageLink> links) =>
        [.. links.Select(l => $"{l.RepublicationId} <- {l.DerivedFromId} ({l.OriginId}) {l.Kind} {l.Similarity:0.000}").Order(StringComparer.Ordinal)];

    private static IEnumerable<LineageMember[]> Permutations(LineageMember[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }
        for (var i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, j) => j != i).ToArray();
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }
}
