using Archive.Fetching.Robots;

namespace Archive.Fetching.Tests.Robots;

public sealed class RobotsRulesTests
{
    private const string File = """
        # comments are ignored
        User-agent: *
        Disallow: /private/
        Allow: /private/press/
        Disallow: /*.pdf$
        Disallow: /search*q=

        User-agent: OtherBot
        Disallow: /

        User-agent: archivebot
        User-agent: SomeoneElse
        Disallow: /drafts
        """;

    [Theory]
    [InlineData("/news/story", true)]
    [InlineData("/private/memo", false)]
    [InlineData("/private/press/release", true)]
    [InlineData("/files/report.pdf", false)]
    [InlineData("/files/report.pdf?x=1", true)]
    [InlineData("/search?page=2&q=korea", false)]
    [InlineData("/robots.txt", true)]
    public void The_star_group_applies_when_no_group_names_us(string path, bool allowed) =>
        Assert.Equal(allowed, RobotsRules.Parse(File, "NobodyBot").IsAllowed(path));

    [Theory]
    [InlineData("/drafts/1", false)]
    [InlineData("/private/memo", true)]
    public void A_group_naming_our_token_replaces_the_star_group(string path, bool allowed) =>
        Assert.Equal(allowed, RobotsRules.Parse(File, "ArchiveBot").IsAllowed(path));

    [Fact]
    public void An_empty_disallow_allows_everything() =>
        Assert.True(RobotsRules.Parse("User-agent: *\nDisallow:\n", "ArchiveBot").IsAllowed("/anything"));

    [Fact]
    public void Allow_wins_a_tie_of_equal_length() =>
        Assert.True(RobotsRules.Parse("User-agent: *\nDisallow: /page\nAllow: /page\n", "ArchiveBot").IsAllowed("/page"));

    [Fact]
    public void Disallow_all_refuses_everything_but_robots_txt()
    {
        Assert.False(RobotsRules.DisallowAll.IsAllowed("/"));
        Assert.True(RobotsRules.DisallowAll.IsAllowed("/robots.txt"));
    }
}
