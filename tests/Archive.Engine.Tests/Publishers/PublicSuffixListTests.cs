using Archive.Engine.Publishers;

namespace Archive.Engine.Tests.Publishers;

public sealed class PublicSuffixListTests
{
    // Cases from the list's own test data (checkPublicSuffix), against the embedded list.
    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("www.example.com", "example.com")]
    [InlineData("www.bbc.co.uk", "bbc.co.uk")]
    [InlineData("b.example.uk.com", "example.uk.com")]
    [InlineData("a.b.test.ck", "b.test.ck")]
    [InlineData("www.www.ck", "www.ck")]
    [InlineData("test.kyoto.jp", "test.kyoto.jp")]
    [InlineData("a.b.ide.kyoto.jp", "b.ide.kyoto.jp")]
    [InlineData("a.b.city.kobe.jp", "city.kobe.jp")]
    [InlineData("WWW.Breitbart.COM", "breitbart.com")]
    [InlineData("lapatilla.com.", "lapatilla.com")]
    [InlineData("someone.blogspot.com", "someone.blogspot.com")]
    [InlineData("www.食狮.中国", "xn--85x722f.xn--fiqs8s")]
    [InlineData("shishi.xn--fiqs8s", "shishi.xn--fiqs8s")]
    public void Registrable_domain_follows_the_list(string host, string expected) =>
        Assert.Equal(expected, PublicSuffixList.Default.RegistrableDomain(host));

    [Theory]
    [InlineData("com")]
    [InlineData("co.uk")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    [InlineData("")]
    [InlineData("a..b.com")]
    public void Hosts_without_a_registrable_domain_give_null(string host) =>
        Assert.Null(PublicSuffixList.Default.RegistrableDomain(host));

    [Fact]
    public void Unknown_top_level_domains_fall_back_to_the_implicit_rule() =>
        Assert.Equal("example.notatld", PublicSuffixList.Default.RegistrableDomain("www.example.notatld"));
}
