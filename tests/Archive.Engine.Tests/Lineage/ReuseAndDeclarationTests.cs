using Archive.Engine.Extraction;
using Archive.Engine.Lineage;

namespace Archive.Engine.Tests.Lineage;

/// <summary>The two axes of a link: how the copy declares its source, and how it reused the text.</summary>
public sealed class ReuseAndDeclarationTests
{
    private static readonly string Story = Stories.Article(seed: 41, paragraphs: 14);
    private static readonly string[] StoryParagraphs = Stories.Paragraphs(Story);

    private static readonly LineageMember Origin =
        Stories.Member("https://origin.example.com/news/harbour", Story, "2024-03-01T08:00:00Z", siteName: "Harbour Herald");

    private const string Opinion =
        "We think the council should have listened to the fishermen long before the harbour plan reached this stage of the process.";

    [Fact]
    public void One_paragraph_of_the_republishers_own_makes_commentary_however_long_the_story()
    {
        var copy = Copy(Story + "\n" + Opinion);

        var link = Single(copy);

        Assert.Equal(LineageReuse.Commentary, link.Reuse);
        Assert.Equal(LineageDeclaration.None, link.DeclaredBy);
        Assert.Equal(LineageKind.Commentary, link.Kind);
    }

    [Fact]
    public void Text_the_sources_page_showed_outside_its_article_is_not_the_copiers_commentary()
    {
        // The copy kept a video title and an embedded post that the source's cleaner had set aside.
        var video = "Harbour Herald video: the storm that flooded the northern quay last winter, in four minutes of footage";
        var post = "I have fished from this harbour for forty years and never seen the council move so fast on anything at all";
        var origin = Origin with { PageText = PageText.Fold(video) + "\n" + PageText.Fold(post) + "\nhome news sport" };
        var copy = Copy(video + "\n" + Story.Replace(StoryParagraphs[5], StoryParagraphs[5] + "\n" + post, StringComparison.Ordinal));

        var link = Single(copy, origin);

        Assert.Equal(LineageReuse.Verbatim, link.Reuse);
        Assert.Equal(LineageKind.Verbatim, link.Kind);
        Assert.Equal(LineageReuse.Commentary, Single(copy).Reuse);
    }

    [Fact]
    public void A_paragraph_the_republishers_other_pages_carry_is_its_template_not_commentary()
    {
        var about = "Copy Daily is an independent newspaper serving the coastal towns and their islands since 1921, published every morning "
            + "of the week by its own cooperative of readers.";
        var copy = Copy(Story + "\n" + about);
        var otherPage = Stories.Article(seed: 42) + "\n" + about;
        var keys = SiteParagraphs.Keys(copy.CanonicalText);
        var elsewhere = SiteParagraphs.IndexKeys(otherPage, "").Select(k => (k, "https://copy.example.org/other"));
        var withTemplate = copy with { SiteTemplate = SiteParagraphs.Template(keys, elsewhere) };

        Assert.Equal(LineageReuse.Commentary, Single(copy).Reuse);
        Assert.Equal(LineageReuse.Verbatim, Single(withTemplate).Reuse);
    }

    [Fact]
    public void A_page_carrying_most_of_the_same_paragraphs_is_a_duplicate_not_a_template()
    {
        var keys = SiteParagraphs.Keys(Story);
        var duplicate = SiteParagraphs.IndexKeys(Story, "").Select(k => (k, 2));

        Assert.Empty(SiteParagraphs.Template(keys, duplicate));
    }

    [Fact]
    public void The_sources_own_template_is_not_text_the_copy_left_out()
    {
        var about = "About Harbour Herald: the Herald is the oldest daily of the northern coast and part of Coastline Media Group plc.";
        var origin = Origin with { CanonicalText = Story + "\n" + about };
        var templated = origin with { SiteTemplate = new HashSet<long> { SiteParagraphs.Key(about) } };
        var copy = Copy(Story);

        Assert.Equal(LineageReuse.Verbatim, Single(copy, templated).Reuse);
    }

    [Fact]
    public void An_excerpt_is_the_first_part_and_a_copy_cut_in_the_middle_is_edited()
    {
        var excerpt = Copy(string.Join('\n', StoryParagraphs.Take(4)) + "\nRead the full story at Harbour Herald");
        var cut = Copy(string.Join('\n', StoryParagraphs.Where((_, i) => i is not (3 or 4 or 8))));

        Assert.Equal(LineageReuse.Excerpt, Single(excerpt).Reuse);
        Assert.Equal(LineageDeclaration.Attribution, Single(excerpt).DeclaredBy);
        Assert.Equal(LineageReuse.Edited, Single(cut).Reuse);
    }

    [Fact]
    public void An_excerpt_of_the_body_without_the_sources_standfirst_is_still_an_excerpt()
    {
        const string standfirst = "The harbour plan will move the ferry berth north and close the old fish market by next summer.";
        var origin = Origin with { CanonicalText = standfirst + "\n" + Story };
        var excerpt = Copy(string.Join('\n', StoryParagraphs.Take(4)) + "\nRead the full story at Harbour Herald");
        var middle = Copy(string.Join('\n', StoryParagraphs.Skip(3).Take(4)) + "\nRead the full story at Harbour Herald");

        Assert.Equal(LineageReuse.Excerpt, Single(excerpt, origin).Reuse);
        Assert.Equal(LineageReuse.Edited, Single(middle, origin).Reuse);
    }

    [Fact]
    public void A_headline_after_the_cut_that_repeats_a_phrase_of_the_opening_does_not_hide_the_cut()
    {
        // A promo headline further down the source shares a phrase with its first paragraph, which the excerpt carries.
        var phrase = string.Join(' ', StoryParagraphs[0].Split(' ').Take(7));
        var promo = phrase.ToUpperInvariant() + " AGAIN";
        var paragraphs = StoryParagraphs.ToList();
        paragraphs.Insert(7, promo);
        var origin = Origin with { CanonicalText = string.Join('\n', paragraphs) };
        var excerpt = Copy(string.Join('\n', StoryParagraphs.Take(4)) + "\nRead the full story at Harbour Herald");

        Assert.Equal(LineageReuse.Excerpt, Single(excerpt, origin).Reuse);
    }

    [Fact]
    public void An_attributed_copy_with_commentary_keeps_both_axes_and_the_kind_summarises_them()
    {
        var copy = Copy(Story + "\n" + Opinion,
            attributions: [new Attribution("Source: Harbour Herald", "Harbour Herald", null, AttributionPosition.After)]);

        var link = Single(copy);

        Assert.Equal(LineageDeclaration.Attribution, link.DeclaredBy);
        Assert.Equal(LineageReuse.Commentary, link.Reuse);
        Assert.Equal(LineageKind.Commentary, link.Kind);
        Assert.Equal(LineageKind.Attributed, LineageKinds.Of(LineageDeclaration.Attribution, LineageReuse.Verbatim));
        Assert.Equal(LineageKind.Markup, LineageKinds.Of(LineageDeclaration.Markup, LineageReuse.Verbatim));
    }

    [Theory]
    [InlineData("Este artículo fue publicado originalmente en Harbour Herald.")]
    [InlineData("Quelle: origin.example.com")]
    [InlineData("Zuerst erschienen bei harbour herald")]
    [InlineData("Cet article a été publié initialement sur le site du Harbour Herald.")]
    [InlineData("Read more: Harbour Herald")]
    [InlineData("Originally published at origin.example.com")]
    [InlineData("HARBOUR HERALD reported this first")]
    public void A_credit_line_in_any_phrasing_or_language_that_names_the_source_declares_it(string line)
    {
        var top = Copy(line + "\n" + Story);
        var bottom = Copy(Story + "\n" + line);

        foreach (var link in new[] { Single(top), Single(bottom) })
        {
            Assert.Equal(LineageDeclaration.Attribution, link.DeclaredBy);
            Assert.Equal(LineageReuse.Verbatim, link.Reuse);
            Assert.Equal(LineageKind.Attributed, link.Kind);
        }
    }

    [Fact]
    public void A_short_outlet_name_counts_in_a_credit_line()
    {
        var origin = Origin with { SiteName = "HHN", PublisherName = "HHN" };

        Assert.Equal(LineageDeclaration.Attribution, Single(Copy(Story + "\nVia HHN"), origin).DeclaredBy);
    }

    [Fact]
    public void A_credit_line_after_the_commentary_still_declares_the_source()
    {
        var copy = Copy(Story + "\n" + Opinion + "\n" + Stories.Paragraph(77) + "\nFuente: Harbour Herald");

        var link = Single(copy);

        Assert.Equal(LineageDeclaration.Attribution, link.DeclaredBy);
        Assert.Equal(LineageReuse.Commentary, link.Reuse);
    }

    [Fact]
    public void A_byline_naming_the_source_outlet_declares_it()
    {
        var copy = Copy(Story, byline: "Staff of the Harbour Herald");

        Assert.Equal(LineageDeclaration.Attribution, Single(copy).DeclaredBy);
    }

    [Fact]
    public void A_line_naming_the_source_that_its_own_page_showed_was_copied_along_and_declares_nothing()
    {
        var caption = "Harbour Herald video: the flooded quay";
        var origin = Origin with { PageText = PageText.Fold(caption) };
        var copy = Copy(caption + "\n" + Story);

        var link = Single(copy, origin);

        Assert.Equal(LineageDeclaration.None, link.DeclaredBy);
        Assert.Equal(LineageReuse.Verbatim, link.Reuse);
    }

    [Fact]
    public void Markup_declares_the_source_even_with_a_credit_line()
    {
        var copy = Copy(Story + "\nSource: Harbour Herald") with { CanonicalUrl = Origin.Url };

        var link = Single(copy);

        Assert.Equal(LineageDeclaration.Markup, link.DeclaredBy);
        Assert.Equal(LineageKind.Markup, link.Kind);
    }

    private static LineageMember Copy(string text, IReadOnlyList<Attribution>? attributions = null, string? byline = null) =>
        Stories.Member("https://copy.example.org/harbour", text, "2024-03-02T08:00:00Z", siteName: "Copy Daily",
            attributions: attributions, byline: byline);

    private static LineageLink Single(LineageMember copy, LineageMember? origin = null)
    {
        var link = Assert.Single(LineageResolver.Resolve([origin ?? Origin, copy]));
        Assert.Equal(copy.Id, link.RepublicationId);
        return link;
    }
}
