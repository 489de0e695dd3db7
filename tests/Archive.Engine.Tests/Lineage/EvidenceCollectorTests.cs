using Archive.Engine.Extraction;
using Archive.Engine.Lineage;

namespace Archive.Engine.Tests.Lineage;

public sealed class EvidenceCollectorTests
{
    private static readonly string Text = Stories.Article(seed: 21);

    private static readonly LineageMember Source = Stories.Member(
        "https://dialogo-americas.com/articles/venezuela-north-korea/", Text, "2023-04-19T10:00:00Z", siteName: "Diálogo Américas");

    [Theory]
    [InlineData("Read More: Dialogo Américas – Venezuela and North Korea", null)]
    [InlineData("Source: DIALOGO AMERICAS", "DIALOGO AMERICAS")]
    [InlineData("Fuente: dialogo-americas.com", null)]
    [InlineData("Originally published by Diálogo Amricas.", null)]
    public void An_attribution_line_naming_the_outlet_is_evidence_whatever_the_accents_or_case(string line, string? name)
    {
        var copy = Stories.Member("https://lapatilla.com/2023/04/20/copy/", Text, "2023-04-20T10:00:00Z", siteName: "La Patilla",
            attributions: [new Attribution(line, name, null, AttributionPosition.After)]);

        var evidence = EvidenceCollector.Collect(copy, Source);

        Assert.Equal(EvidenceStrength.Name, evidence.Strength);
        Assert.Contains(evidence.Items, e => e.Type == EvidenceTypes.AttributionName);
    }

    [Fact]
    public void A_name_that_is_the_leading_part_of_the_outlet_name_matches()
    {
        var source = Stories.Member("https://militarywatchmagazine.com/article/venezuela", Text, siteName: "Military Watch Magazine");
        var copy = Stories.Member("https://blog.example.org/venezuela", Text,
            attributions: [new Attribution("Source: Military Watch", "Military Watch", null, AttributionPosition.After)]);

        Assert.Equal(EvidenceStrength.Name, EvidenceCollector.Collect(copy, source).Strength);
    }

    [Fact]
    public void An_outlet_is_recognised_without_its_leading_article()
    {
        var source = Stories.Member("https://www.theverge.com/2019/11/19/star-trek", Text, siteName: "The Verge");
        var copy = Stories.Member("https://blog.example.org/trek", Text,
            attributions: [new Attribution("Republished from Verge", null, null, AttributionPosition.Before)]);

        Assert.Equal(EvidenceStrength.Name, EvidenceCollector.Collect(copy, source).Strength);
    }

    [Fact]
    public void An_attribution_line_left_in_the_text_is_still_read()
    {
        var copy = Stories.Member("https://lapatilla.com/copy", Text + "\nThis article first appeared on Diálogo Américas.");

        Assert.Equal(EvidenceStrength.Name, EvidenceCollector.Collect(copy, Source).Strength);
    }

    [Fact]
    public void Another_outlet_named_is_not_evidence_for_this_source()
    {
        var copy = Stories.Member("https://lapatilla.com/copy", Text,
            attributions: [new Attribution("Source: Military Watch", "Military Watch", null, AttributionPosition.After)]);

        Assert.Equal(EvidenceStrength.None, EvidenceCollector.Collect(copy, Source).Strength);
    }

    [Fact]
    public void A_bare_domain_label_that_is_an_ordinary_word_does_not_match_inside_another_outlets_name()
    {
        var source = Stories.Member("https://www.news.com.au/world/harbour", Text);
        var copy = Stories.Member("https://lapatilla.com/copy", Text,
            attributions: [new Attribution("Source: Sky News", "Sky News", null, AttributionPosition.After)]);

        Assert.Equal(EvidenceStrength.None, EvidenceCollector.Collect(copy, source).Strength);
    }

    [Fact]
    public void Markup_pointing_at_the_source_url_is_the_strongest_evidence()
    {
        var canonical = Stories.Member("https://copy.example.net/a", Text, canonicalUrl: Source.Url);
        var basedOn = Stories.Member("https://other.example.net/b", Text, isBasedOn: [Source.Url]);

        Assert.Contains(EvidenceCollector.Collect(canonical, Source).Items, e => e.Type == EvidenceTypes.Canonical);
        Assert.Contains(EvidenceCollector.Collect(basedOn, Source).Items, e => e.Type == EvidenceTypes.IsBasedOn);
        Assert.Equal(EvidenceStrength.Url, EvidenceCollector.Collect(basedOn, Source).Strength);
    }

    [Fact]
    public void The_source_does_not_point_at_a_copy_whose_canonical_names_the_source()
    {
        var copy = Stories.Member("https://copy.example.net/a", Text, canonicalUrl: Source.Url);

        Assert.Equal(EvidenceStrength.None, EvidenceCollector.Collect(Source, copy).Strength);
    }

    [Fact]
    public void A_link_the_copy_carried_over_from_the_source_text_is_not_evidence()
    {
        var link = new ArticleLink("https://dialogo-americas.com/articles/older-story/", "earlier report");
        var source = Source with { Links = [link] };
        var copy = Stories.Member("https://lapatilla.com/copy", Text, links: [link]);

        Assert.Equal(EvidenceStrength.None, EvidenceCollector.Collect(copy, source).Strength);
        Assert.Equal(EvidenceStrength.DomainLink, EvidenceCollector.Collect(copy, Source).Strength);
    }

    [Fact]
    public void A_read_more_link_to_the_source_page_is_url_evidence()
    {
        var copy = Stories.Member("https://lapatilla.com/copy", Text,
            links: [new ArticleLink("https://www.dialogo-americas.com/articles/venezuela-north-korea", "Read more")]);

        Assert.Equal(EvidenceStrength.Url, EvidenceCollector.Collect(copy, Source).Strength);
    }

    [Fact]
    public void Wire_credits_count_where_a_page_declares_them_not_in_a_copied_dateline()
    {
        var dateline = "CARACAS (AP) - " + Text;
        var first = Stories.Member("https://one.example.com/a", dateline, byline: "By The Associated Press");
        var second = Stories.Member("https://two.example.com/b", dateline, byline: "AP staff");
        var copied = Stories.Member("https://three.example.com/c", dateline);

        Assert.True(EvidenceCollector.Collect(first, second).SharedWireCredit);
        Assert.False(EvidenceCollector.Collect(copied, first).SharedWireCredit);
    }

    [Fact]
    public void Publish_times_are_recorded_both_ways()
    {
        var copy = Stories.Member("https://lapatilla.com/copy", Text, "2023-04-20T10:00:00Z");

        Assert.Contains(EvidenceCollector.Collect(copy, Source).Items, e => e.Type == EvidenceTypes.PublishedEarlier);
        Assert.Contains(EvidenceCollector.Collect(Source, copy).Items, e => e.Type == EvidenceTypes.PublishedLater);
    }
}
